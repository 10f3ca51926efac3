using System.Text.RegularExpressions;
using Vigil.Agent.Osquery;
using Vigil.Rules.Guides;

namespace Vigil.OsqueryCoverage;

/// <summary>
/// What became of one guide query on this host, as a short key to count by: "runs", "unknown table X",
/// "unknown column X", "skipped: needs FIELD", "unreadable block", or "error: MESSAGE".
/// </summary>
public static partial class QueryOutcome
{
    /// <summary>The outcome of running <paramref name="query"/> through <paramref name="engine"/>.</summary>
    public static string Of(CorpusQuery query, IOsqueryEngine engine)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(engine);
        var item = query.Item;
        if (item.Status == GuideItemStatus.Skipped)
        {
            return $"skipped: needs {string.Join(", ", item.Query.MissingFields)}";
        }

        if (item.Status != GuideItemStatus.Ready)
        {
            return "unreadable block";
        }

        var result = engine.Run(item.Query.Text);
        if (result.Error is not { } error)
        {
            return "runs";
        }

        if (UnknownTable().Match(error) is { Success: true } table)
        {
            return $"unknown table {table.Groups[1].Value}";
        }

        if (UnknownColumn().Match(error) is { Success: true } column)
        {
            return $"unknown column {column.Groups[1].Value}";
        }

        return $"error: {error}";
    }

    [GeneratedRegex(@"^no table named '([^']+)'")]
    private static partial Regex UnknownTable();

    [GeneratedRegex(@"no such column: ([A-Za-z0-9_.]+)")]
    private static partial Regex UnknownColumn();
}
