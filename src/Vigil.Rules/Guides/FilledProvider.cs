namespace Vigil.Rules.Guides;

/// <summary>An Investigate condition with its value filled from the alert.</summary>
/// <param name="Provider">The condition as configured.</param>
/// <param name="Value">Its value after filling.</param>
public sealed record FilledProvider(InvestigateProvider Provider, FilledText Value)
{
    /// <summary>The condition as readable query text, e.g. <c>NOT host.id: "h1"</c>.</summary>
    public string Describe()
    {
        var p = Provider;
        string value = p.ValueType is "number" or "boolean" ? Value.Text : Quote(Value.Text);
        string condition = p.QueryType switch
        {
            "phrase" => $"{p.Field}: {value}",
            "exists" => $"{p.Field} exists",
            "range" => $"{p.Field} in range {value}",
            _ => $"{p.Field} {p.QueryType} {value}",
        };
        return p.Excluded ? "NOT " + condition : condition;
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
