using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Triage;

/// <summary>
/// The triage page's filters, as its URL carries them: status (default open, <c>all</c> for any), severity, rule name,
/// host, user (each an exact value), a time range back from the service's now, and text the reason must contain.
/// Building blocks are never listed: they fold under their shell.
/// </summary>
public sealed record TriageFilter(
    string? Status, string? Severity, string? Rule, string? Host, string? User, long? SinceMs, string? ReasonContains)
{
    /// <summary>The ranges the page offers, by their URL value.</summary>
    private static readonly Dictionary<string, TimeSpan> Ranges = new(StringComparer.Ordinal)
    {
        ["15m"] = TimeSpan.FromMinutes(15),
        ["1h"] = TimeSpan.FromHours(1),
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
        ["30d"] = TimeSpan.FromDays(30),
    };

    /// <summary>Reads the filters from a query string; null with a message when a value is not one the page sends.</summary>
    public static (TriageFilter? Filter, string? Error) Read(IQueryCollection query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var status = Value(query, "status") ?? "open";
        long? since = null;
        if (Value(query, "range") is { } range && range != "all")
        {
            if (!Ranges.TryGetValue(range, out var span))
            {
                return (null, $"range must be one of 15m, 1h, 24h, 7d, 30d, all; got [{range}]");
            }
            since = (now - span).ToUnixTimeMilliseconds();
        }
        return (new TriageFilter(status == "all" ? null : status, Value(query, "severity"), Value(query, "rule"),
            Value(query, "host"), Value(query, "user"), since, Value(query, "q")), null);
    }

    /// <summary>The SQL condition over the alert table's columns, with its parameters ($f_…).</summary>
    internal (string Where, List<(string Name, object Value)> Parameters) ToSql()
    {
        var where = new List<string> { "building_block = 0" };
        var parameters = new List<(string, object)>();
        void Equal(string column, string? value)
        {
            if (value is not null)
            {
                var name = "$f_" + column;
                where.Add($"{column} = {name}");
                parameters.Add((name, value));
            }
        }
        Equal("workflow_status", Status);
        Equal("severity", Severity);
        Equal("rule_name", Rule);
        Equal("host_name", Host);
        Equal("user_name", User);
        if (SinceMs is { } since)
        {
            where.Add("ts_ms >= $f_since");
            parameters.Add(("$f_since", since));
        }
        if (ReasonContains is { } text)
        {
            // The page's filter was a case-insensitive wildcard *text*; LIKE folds ASCII case, as the page's users type.
            where.Add(@"reason LIKE $f_reason ESCAPE '\'");
            parameters.Add(("$f_reason", "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal)
                .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%"));
        }
        return (string.Join(" AND ", where), parameters);
    }

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[^1]) ? v[^1] : null;
}
