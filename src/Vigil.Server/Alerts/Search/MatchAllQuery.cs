namespace Vigil.Server.Alerts.Search;

/// <summary><c>match_all</c> (and <c>match_none</c>).</summary>
internal sealed class MatchAllQuery(bool all) : QueryNode
{
    public static readonly MatchAllQuery All = new(true);

    public override bool Matches(AlertView doc) => all;

    public override void Prefilter(AlertPrefilter prefilter)
    {
        if (!all)
        {
            prefilter.Flag("0", true);
        }
    }
}
