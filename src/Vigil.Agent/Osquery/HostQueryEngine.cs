using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vigil.Agent.Osquery;

/// <summary>
/// Answers osquery SQL from Vigil's host tables in a fresh in-memory SQLite database per query. Tables are built
/// lazily: the query is prepared, and each "no such table" SQLite reports for a table we provide builds that table
/// and tries again, so a query costs only the tables it names. While the query itself runs, an authorizer allows
/// reading only (no ATTACH, no writes, no PRAGMA): a guide's query comes from alert data and must not touch files.
/// </summary>
public sealed partial class HostQueryEngine(HostSources sources) : IOsqueryEngine
{
    // sqlite3.h action codes the query may use: reading tables and columns, SELECT itself, functions, recursive CTEs.
    private const int SqliteRead = 20;
    private const int SqliteSelect = 21;
    private const int SqliteFunction = 31;
    private const int SqliteRecursive = 33;

    /// <summary>The tables read from the running host.</summary>
    public HostQueryEngine()
        : this(HostSources.Default)
    {
    }

    /// <inheritdoc/>
    public OsqueryResult Run(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var warnings = new List<string>();
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var built = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            try
            {
                return Execute(connection, sql, warnings);
            }
            catch (SqliteException ex) when (MissingTable(ex.Message) is { } name)
            {
                var table = HostTableCatalog.Find(name);
                if (table is null || !built.Add(table.Name))
                {
                    return OsqueryResult.Failed(sql, $"no table named '{name}' here; the tables provided are: {HostTableCatalog.Names}", warnings);
                }

                Build(connection, table, warnings);
            }
            catch (SqliteException ex)
            {
                return OsqueryResult.Failed(sql, ex.Message, warnings);
            }
        }
    }

    private static OsqueryResult Execute(SqliteConnection connection, string sql, List<string> warnings)
    {
        raw.sqlite3_set_authorizer(connection.Handle, ReadOnlyAuthorizer, null);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var columns = new string[reader.FieldCount];
            for (int i = 0; i < columns.Length; i++)
            {
                columns[i] = reader.GetName(i);
            }

            var rows = new List<string?[]>();
            while (reader.Read())
            {
                var row = new string?[columns.Length];
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] = Text(reader.GetValue(i));
                }

                rows.Add(row);
            }

            // Run any further statements now, under the authorizer, so that they are checked (and fail) here.
            while (reader.NextResult())
            {
            }

            return new OsqueryResult(sql, columns, rows, null, warnings);
        }
        finally
        {
            raw.sqlite3_set_authorizer(connection.Handle, (delegate_authorizer?)null, null);
        }
    }

    private static int ReadOnlyAuthorizer(object userData, int actionCode, utf8z param0, utf8z param1, utf8z dbName, utf8z innerMostTriggerOrView) =>
        actionCode is SqliteRead or SqliteSelect or SqliteFunction or SqliteRecursive ? raw.SQLITE_OK : raw.SQLITE_DENY;

    private void Build(SqliteConnection connection, HostTable table, List<string> warnings)
    {
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\" {c.SqlType}"))})";
            create.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"{table.Name}\" VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = new SqliteParameter[table.Columns.Count];
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = insert.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
        }

        insert.Prepare();
        foreach (object?[] row in table.ReadRows(sources, warnings))
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                object? value = i < row.Length ? row[i] : null;
                parameters[i].SqliteType = value switch
                {
                    long => SqliteType.Integer,
                    double => SqliteType.Real,
                    _ => SqliteType.Text,
                };
                parameters[i].Value = value ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static string? Text(object value) => value switch
    {
        DBNull => null,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexStringLower(b),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string? MissingTable(string message)
    {
        var match = NoSuchTable().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"no such table: (?:[A-Za-z_][A-Za-z0-9_]*\.)?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex NoSuchTable();
}
