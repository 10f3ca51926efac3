using System.Text.Json.Nodes;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Kibana's threshold signal history for one run of one rule: per term set (its <see cref="ThresholdRuleMatcher.TermsHash"/>),
/// the latest event time of its last alert. An event of an alerted term set at or before that time is not counted
/// again. The first search of a run with a store rebuilds it from the rule's stored threshold alerts, as Kibana
/// rebuilds it from its alerts index, so earlier executions (and those before a restart) count; later searches drop
/// the entries that cannot exclude anything in their window. Shared by the collect-all run and the streaming schedule,
/// so both de-duplicate alike. Bounded by the term sets alerted within one look-back.
/// </summary>
internal sealed class ThresholdSignalHistory(IThresholdSignalHistory? stored, string ruleUuid)
{
    private readonly Dictionary<string, DateTimeOffset> lastAlerted = new(StringComparer.Ordinal);
    private bool initialized;

    public int Count => lastAlerted.Count;

    public bool IsEmpty => lastAlerted.Count == 0;

    /// <summary>Brings the history to a search of the window starting at <paramref name="from"/>.</summary>
    public void StartSearch(DateTimeOffset from)
    {
        if (initialized)
        {
            // getSignalHistory: entries whose last alert is not after this window's start cannot exclude anything.
            foreach (var key in lastAlerted.Where(h => h.Value <= from).Select(h => h.Key).ToList())
            {
                lastAlerted.Remove(key);
            }
        }
        else if (stored is not null)
        {
            foreach (var signal in stored.SignalsSince(ruleUuid, from))
            {
                if (signal.LastEventTime > from)
                {
                    Keep(ThresholdRuleMatcher.TermsHash(signal.Terms), signal.LastEventTime);
                }
            }
        }
        initialized = true;
    }

    /// <summary>Whether an event of the term set <paramref name="hash"/> at <paramref name="time"/> was already alerted.</summary>
    public bool Excludes(string hash, DateTimeOffset time) => lastAlerted.TryGetValue(hash, out var last) && time <= last;

    /// <summary>Records an alert of <paramref name="terms"/> whose group's latest event is <paramref name="last"/>.</summary>
    public void Alerted(IReadOnlyList<(string Field, JsonValue Value)> terms, DateTimeOffset? last)
    {
        if (last is { } time)
        {
            Keep(ThresholdRuleMatcher.TermsHash(terms), time);
        }
    }

    private void Keep(string hash, DateTimeOffset time)
    {
        if (!lastAlerted.TryGetValue(hash, out var known) || known < time)
        {
            lastAlerted[hash] = time;
        }
    }
}
