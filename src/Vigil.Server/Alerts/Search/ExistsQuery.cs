namespace Vigil.Server.Alerts.Search;

/// <summary><c>exists</c>: the field has a non-null value (an object counts when it has any).</summary>
internal sealed class ExistsQuery(string field) : QueryNode
{
    public string Field { get; } = field;

    public override bool Matches(AlertView doc)
    {
        foreach (var v in doc.Values(Field))
        {
            if (v.ValueKind != System.Text.Json.JsonValueKind.Object || v.EnumerateObject().Any())
            {
                return true;
            }
        }
        return false;
    }

    public override void Prefilter(AlertPrefilter prefilter)
    {
        if (Field == "kibana.alert.building_block_type")
        {
            prefilter.Flag("building_block", true);
        }
    }
}
