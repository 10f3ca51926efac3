using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary><c>term</c>, <c>terms</c> and <c>ids</c>: some value of the field equals one of the given values.</summary>
internal sealed class TermsQuery(string field, IReadOnlyList<JsonElement> values, bool caseInsensitive) : QueryNode
{
    public override bool Matches(AlertView doc)
    {
        foreach (var v in doc.Values(field))
        {
            foreach (var q in values)
            {
                if (DslValues.TermEquals(v, q, caseInsensitive))
                {
                    return true;
                }
            }
        }
        return false;
    }

    public override void Prefilter(AlertPrefilter prefilter)
    {
        if (caseInsensitive || !AlertColumns.Indexed.TryGetValue(field, out var column))
        {
            return;
        }
        if (column.Kind == ColumnKind.Keyword)
        {
            var strings = new List<string>(values.Count);
            foreach (var q in values)
            {
                if (q.ValueKind != JsonValueKind.String)
                {
                    return;
                }
                strings.Add(q.GetString()!);
            }
            if (strings.Count == 1)
            {
                prefilter.Compare(column.Column, "=", strings[0]);
            }
            else
            {
                prefilter.In(column.Column, strings);
            }
        }
        else if (column.Kind == ColumnKind.Number && values.Count == 1 && DslValues.TryNumber(values[0], out var n))
        {
            prefilter.Compare(column.Column, "=", n);
        }
    }
}
