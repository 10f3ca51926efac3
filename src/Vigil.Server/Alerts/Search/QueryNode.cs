namespace Vigil.Server.Alerts.Search;

/// <summary>One compiled query clause: evaluated on a document, and contributing what it can to the SQL prefilter.</summary>
internal abstract class QueryNode
{
    public abstract bool Matches(AlertView doc);

    /// <summary>Adds conditions every match satisfies (a necessary, not sufficient, filter). Default: none.</summary>
    public virtual void Prefilter(AlertPrefilter prefilter)
    {
    }

    /// <summary>Whether the clause scores in query context (match_all, term, …); filters and must_not score 0.</summary>
    public virtual bool Scores => true;
}
