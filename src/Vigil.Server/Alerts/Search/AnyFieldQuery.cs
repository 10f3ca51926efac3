namespace Vigil.Server.Alerts.Search;

/// <summary>
/// A <c>query_string</c> term without a field: some scalar value anywhere in the document equals it, contains it as a
/// token, or matches it as a wildcard pattern.
/// </summary>
internal sealed class AnyFieldQuery : QueryNode
{
    private readonly string term;
    private readonly bool phrase;
    private readonly List<string> _tokens;
    private readonly bool _wildcard;

    public AnyFieldQuery(string term, bool phrase)
    {
        this.term = term;
        this.phrase = phrase;
        _tokens = DslValues.Tokens(term);
        _wildcard = !phrase && (term.Contains('*') || term.Contains('?'));
    }

    public override bool Matches(AlertView doc) => Visit(doc.Root);

    private bool Visit(System.Text.Json.JsonElement node)
    {
        switch (node.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var p in node.EnumerateObject())
                {
                    if (Visit(p.Value)) return true;
                }
                return false;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    if (Visit(item)) return true;
                }
                return false;
            default:
                if (DslValues.Text(node) is not { } s) return false;
                if (_wildcard) return DslValues.Wildcard(term, s, caseInsensitive: true);
                if (string.Equals(s, term, StringComparison.OrdinalIgnoreCase)) return true;
                var tokens = DslValues.Tokens(s);
                if (_tokens.Count == 0) return false;
                if (!phrase) return _tokens.TrueForAll(tokens.Contains);
                for (var i = 0; i + _tokens.Count <= tokens.Count; i++)
                {
                    if (tokens.GetRange(i, _tokens.Count).SequenceEqual(_tokens)) return true;
                }
                return false;
        }
    }
}
