namespace Vigil.Server.Alerts.Search;

/// <summary>
/// <c>bool</c>: every <c>must</c> and <c>filter</c>, no <c>must_not</c>, and at least
/// <c>minimum_should_match</c> of <c>should</c> (default 1 when there is no must/filter, else 0).
/// </summary>
internal sealed class BoolQuery(
    IReadOnlyList<QueryNode> must, IReadOnlyList<QueryNode> filter, IReadOnlyList<QueryNode> should,
    IReadOnlyList<QueryNode> mustNot, int minimumShouldMatch) : QueryNode
{
    public override bool Matches(AlertView doc)
    {
        foreach (var q in must)
        {
            if (!q.Matches(doc)) return false;
        }
        foreach (var q in filter)
        {
            if (!q.Matches(doc)) return false;
        }
        foreach (var q in mustNot)
        {
            if (q.Matches(doc)) return false;
        }
        if (minimumShouldMatch <= 0)
        {
            return true;
        }
        var matched = 0;
        foreach (var q in should)
        {
            if (q.Matches(doc) && ++matched >= minimumShouldMatch) return true;
        }
        return false;
    }

    public override void Prefilter(AlertPrefilter prefilter)
    {
        foreach (var q in must)
        {
            q.Prefilter(prefilter);
        }
        foreach (var q in filter)
        {
            q.Prefilter(prefilter);
        }
        foreach (var q in mustNot)
        {
            // The one negation the columns answer exactly: "not a building block".
            if (q is ExistsQuery { Field: "kibana.alert.building_block_type" })
            {
                prefilter.Flag("building_block", false);
            }
        }
        if (minimumShouldMatch == 1 && should.Count == 1)
        {
            should[0].Prefilter(prefilter);
        }
    }

    public override bool Scores => must.Any(q => q.Scores) || should.Any(q => q.Scores);
}
