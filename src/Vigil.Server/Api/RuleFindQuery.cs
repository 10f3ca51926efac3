using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Server.Api;

/// <summary>
/// <c>_find</c>'s paging, sorting and filter over rule JSON: <c>page</c>, <c>per_page</c>, <c>sort_field</c> (Kibana's
/// sortable fields), <c>sort_order</c>, and <c>filter</c> by name (<c>alert.attributes.name: "text"</c> as Kibana's rules
/// table sends it, or plain text), case-insensitive, matching anywhere in the name.
/// </summary>
public sealed record RuleFindQuery(int Page, int PerPage, string? SortField, bool Descending, string? NameFilter)
{
    /// <summary>The fields Kibana's <c>_find</c> sorts by.</summary>
    public static readonly IReadOnlyList<string> SortFields =
    [
        "created_at", "createdAt", "enabled", "execution_summary.last_execution.date",
        "execution_summary.last_execution.metrics.execution_gap_duration_s",
        "execution_summary.last_execution.metrics.total_indexing_duration_ms",
        "execution_summary.last_execution.metrics.total_search_duration_ms",
        "execution_summary.last_execution.status", "name", "risk_score", "riskScore", "severity", "updated_at", "updatedAt", "version",
    ];

    /// <summary>Reads the query string; returns null and the reason when a value is invalid.</summary>
    public static RuleFindQuery? Parse(Func<string, string?> get, out string? error)
    {
        error = null;
        var page = 1;
        var perPage = 20;
        if (get("page") is { } p && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            error = $"page: \"{p}\" must be an integer of at least 1";
            return null;
        }
        if (get("per_page") is { } pp && (!int.TryParse(pp, NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage < 0))
        {
            error = $"per_page: \"{pp}\" must be an integer of at least 0";
            return null;
        }
        if ((long)page * perPage > 10_000)
        {
            error = $"The number of rules is too large (page * per_page: {(long)page * perPage} > 10000)";
            return null;
        }
        var sortField = get("sort_field");
        if (sortField is not null && !SortFields.Contains(sortField))
        {
            error = $"sort_field: \"{sortField}\" is not one of {string.Join(", ", SortFields)}";
            return null;
        }
        var order = get("sort_order");
        if (order is not null and not "asc" and not "desc")
        {
            error = $"sort_order: \"{order}\" must be asc or desc";
            return null;
        }
        return new RuleFindQuery(page, perPage, sortField, order == "desc", NameOf(get("filter")));
    }

    /// <summary>The rules of the requested page and the total that matched the filter.</summary>
    public (IReadOnlyList<JsonObject> Page, int Total) Apply(IReadOnlyList<JsonObject> rules)
    {
        IEnumerable<JsonObject> matched = rules;
        if (NameFilter is { Length: > 0 } name)
        {
            matched = matched.Where(r => Text(r, "name").Contains(name, StringComparison.OrdinalIgnoreCase));
        }
        var list = matched.ToList();
        if (SortField is { } field)
        {
            var key = field switch { "createdAt" => "created_at", "updatedAt" => "updated_at", "riskScore" => "risk_score", _ => field };
            list = (Descending ? list.OrderByDescending(r => Value(r, key), ValueComparer.Instance)
                : list.OrderBy(r => Value(r, key), ValueComparer.Instance)).ToList();
        }
        var skip = (Page - 1) * PerPage;
        return (list.Skip(skip).Take(PerPage).ToList(), list.Count);
    }

    private static string? NameOf(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }
        var text = filter.Trim();
        const string prefix = "alert.attributes.name:";
        var at = text.IndexOf(prefix, StringComparison.Ordinal);
        if (at >= 0)
        {
            text = text[(at + prefix.Length)..].Trim();
        }
        return text.Trim('"', '(', ')', ' ');
    }

    private static string Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static JsonNode? Value(JsonObject rule, string dotted)
    {
        JsonNode? node = rule;
        foreach (var part in dotted.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }
        return node;
    }

    private static double Number(JsonValue v) => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>Missing values first, then numbers, booleans and strings by their natural order.</summary>
    private sealed class ValueComparer : IComparer<JsonNode?>
    {
        public static readonly ValueComparer Instance = new();

        public int Compare(JsonNode? x, JsonNode? y)
        {
            if (x is not JsonValue a || y is not JsonValue b)
            {
                return (x is JsonValue ? 1 : 0) - (y is JsonValue ? 1 : 0);
            }
            var (ka, kb) = (a.GetValueKind(), b.GetValueKind());
            if (ka == JsonValueKind.Number && kb == JsonValueKind.Number)
            {
                return Number(a).CompareTo(Number(b));
            }
            if (ka is JsonValueKind.True or JsonValueKind.False && kb is JsonValueKind.True or JsonValueKind.False)
            {
                return (ka == JsonValueKind.True).CompareTo(kb == JsonValueKind.True);
            }
            return string.CompareOrdinal(a.ToString(), b.ToString());
        }
    }
}
