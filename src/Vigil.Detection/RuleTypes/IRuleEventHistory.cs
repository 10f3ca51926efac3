using Vigil.Detection.Engine;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Events outside the searched window, read on demand (<c>vigil serve</c>'s event store): new_terms searches its
/// history range <c>[history_window_start, from)</c> as Kibana's second phase searches the index, not only the
/// events the window's search returned.
/// </summary>
public interface IRuleEventHistory
{
    /// <summary>
    /// Hands <paramref name="batch"/> the stored events of the rule's indices that may fall in
    /// [<paramref name="from"/>, <paramref name="to"/>) and that the rule's prefilter lets through, in store order
    /// and in batches of bounded size (the caller applies the query, exceptions and the exact time range).
    /// </summary>
    void Read(PreparedRule rule, DateTimeOffset from, DateTimeOffset to, Action<IReadOnlyList<ScanEvent>> batch);
}
