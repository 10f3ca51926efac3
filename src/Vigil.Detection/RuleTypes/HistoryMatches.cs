namespace Vigil.Detection.RuleTypes;

/// <summary>
/// The rule's query matches among stored events in [<paramref name="from"/>, <paramref name="to"/>) (index patterns,
/// exceptions and query applied as for the window's events), handed to <paramref name="each"/> one at a time so the
/// caller keeps only what it needs (new_terms: the terms, not the events).
/// </summary>
public delegate void HistoryMatches(DateTimeOffset from, DateTimeOffset to, Action<TimedMatch> each);
