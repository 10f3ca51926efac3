using Microsoft.Data.Sqlite;
using Vigil.Server.Triage;

namespace Vigil.Server.Alerts;

/// <summary>The triage page's list and summary, as SQL over the indexed columns (the documents of one page only are read).</summary>
public sealed partial class SqliteAlertStore : ITriageAlertStore
{
    /// <summary>The narrowest histogram span: alerts all within one second still draw as bars, not one spike.</summary>
    private const long MinimumSpanMs = 60_000;

    public TriagePage List(TriageFilter filter, int from, int size)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (where, parameters) = filter.ToSql();
        using var connection = Open();
        using var read = connection.BeginTransaction(); // one snapshot for the count and the page
        var total = Scalar(connection, read, $"SELECT COUNT(*) FROM alerts WHERE {where}", parameters);
        // Ties (a run's shells share its time) in insertion order, as the Kibana search's stable sort gives them.
        using var command = Command(connection, $"SELECT rowid, id, doc FROM alerts WHERE {where} ORDER BY ts_ms DESC, rowid LIMIT $size OFFSET $from", read);
        Add(command, parameters);
        command.Parameters.AddWithValue("$size", size);
        command.Parameters.AddWithValue("$from", from);
        var alerts = new List<StoredAlert>(Math.Min(size, 1000));
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                alerts.Add(new StoredAlert(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        return new TriagePage(total, alerts);
    }

    public TriageSummary Summarize(TriageFilter filter, int rules, int buckets)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var (where, parameters) = filter.ToSql();
        using var connection = Open();
        using var read = connection.BeginTransaction();
        var bySeverity = Counts(connection, read, $"SELECT severity, COUNT(*) n FROM alerts WHERE {where} AND severity IS NOT NULL GROUP BY severity ORDER BY n DESC, severity", parameters);
        var byRule = Counts(connection, read, $"SELECT rule_name, COUNT(*) n FROM alerts WHERE {where} AND rule_name IS NOT NULL GROUP BY rule_name ORDER BY n DESC, rule_name LIMIT {rules}", parameters);

        long total, first = 0, end = 0;
        var any = false;
        using (var span = Command(connection, $"SELECT COUNT(*), MIN(ts_ms), MAX(ts_ms) FROM alerts WHERE {where}", read))
        {
            Add(span, parameters);
            using var reader = span.ExecuteReader();
            reader.Read();
            total = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                any = true;
                first = reader.GetInt64(1);
                end = Math.Max(reader.GetInt64(2), first + MinimumSpanMs);
            }
        }
        var counts = new long[any ? buckets : 0];
        if (counts.Length > 0)
        {
            // Bucket i holds [first + i·w, first + (i+1)·w); the last one also holds the end itself.
            using var histogram = Command(connection, $"""
                SELECT MIN($buckets - 1, (ts_ms - $first) * $buckets / ($end - $first)) b, COUNT(*) FROM alerts
                WHERE {where} AND ts_ms IS NOT NULL GROUP BY b
                """, read);
            Add(histogram, parameters);
            histogram.Parameters.AddWithValue("$buckets", buckets);
            histogram.Parameters.AddWithValue("$first", first);
            histogram.Parameters.AddWithValue("$end", end);
            using var reader = histogram.ExecuteReader();
            while (reader.Read())
            {
                counts[reader.GetInt64(0)] = reader.GetInt64(1);
            }
        }
        return new TriageSummary(total, bySeverity, byRule, first, end, counts);
    }

    private static List<(string, long)> Counts(SqliteConnection connection, SqliteTransaction read, string sql, List<(string Name, object Value)> parameters)
    {
        using var command = Command(connection, sql, read);
        Add(command, parameters);
        var result = new List<(string, long)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return result;
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction read, string sql, List<(string Name, object Value)> parameters)
    {
        using var command = Command(connection, sql, read);
        Add(command, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Add(SqliteCommand command, List<(string Name, object Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}
