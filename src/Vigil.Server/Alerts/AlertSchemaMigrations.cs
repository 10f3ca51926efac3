using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Vigil.Server.Alerts;

/// <summary>
/// Brings a database written by an older Vigil to the current <see cref="AlertSchema"/>: columns added since are added
/// and filled from the documents, once, in one transaction. New databases get them from <see cref="AlertSchema.Create"/>.
/// </summary>
internal static class AlertSchemaMigrations
{
    public static void Apply(SqliteConnection connection)
    {
        if (!HasColumn(connection, "alerts", "reason"))
        {
            AddReason(connection);
        }
    }

    // The triage page filters on the reason's text; before 2026-12-04 it was only in the document.
    private static void AddReason(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var alter = connection.CreateCommand())
        {
            alter.Transaction = transaction;
            alter.CommandText = "ALTER TABLE alerts ADD COLUMN reason TEXT";
            alter.ExecuteNonQuery();
        }
        var reasons = new List<(long Row, string? Reason)>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT rowid, doc FROM alerts";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                using var doc = JsonDocument.Parse(reader.GetString(1));
                reasons.Add((reader.GetInt64(0), AlertColumns.Read(doc.RootElement).Reason));
            }
        }
        using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE alerts SET reason = $reason WHERE rowid = $row";
            var reason = update.Parameters.Add("$reason", SqliteType.Text);
            var row = update.Parameters.Add("$row", SqliteType.Integer);
            foreach (var (r, text) in reasons)
            {
                row.Value = r;
                reason.Value = (object?)text ?? DBNull.Value;
                update.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    private static bool HasColumn(SqliteConnection connection, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 1 FROM pragma_table_info('{table}') WHERE name = $column";
        command.Parameters.AddWithValue("$column", column);
        return command.ExecuteScalar() is not null;
    }
}
