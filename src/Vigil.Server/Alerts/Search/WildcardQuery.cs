namespace Vigil.Server.Alerts.Search;

/// <summary><c>wildcard</c> and <c>prefix</c> (a prefix is the pattern <c>value*</c>) on a field's text values.</summary>
internal sealed class WildcardQuery(string field, string pattern, bool caseInsensitive) : QueryNode
{
    public override bool Matches(AlertView doc)
    {
        foreach (var v in doc.Values(field))
        {
            if (DslValues.Text(v) is { } s && DslValues.Wildcard(pattern, s, caseInsensitive))
            {
                return true;
            }
        }
        return false;
    }
}
