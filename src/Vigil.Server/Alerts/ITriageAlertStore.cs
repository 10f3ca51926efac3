using Vigil.Server.Triage;

namespace Vigil.Server.Alerts;

/// <summary>
/// What the triage page's list and summary need of the alert store: answered from the indexed columns with SQL, so a
/// first load never parses every document. A separate interface so that test doubles of the store keep compiling.
/// </summary>
public interface ITriageAlertStore
{
    /// <summary>Alerts matching <paramref name="filter"/>, newest first: how many, and the documents of one page.</summary>
    TriagePage List(TriageFilter filter, int from, int size);

    /// <summary>Counts over the alerts matching <paramref name="filter"/>: by severity, by rule (the most frequent first), over time.</summary>
    TriageSummary Summarize(TriageFilter filter, int rules, int buckets);
}
