using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.Schedule;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// A threshold rule on the streaming schedule. Each match is reduced once to what a search reads (its time, its
/// combinations of threshold field values detached from the parsed event, its cardinality values), and that entry is
/// shared by every open window that holds it; a window's search groups its entries in time order after the signal
/// history has removed the already-alerted ones, exactly as <see cref="ThresholdRuleMatcher"/>'s run does. Memory: one
/// entry per match in the open windows, and the history (one time per term set alerted within a look-back).
/// </summary>
internal sealed class ThresholdScheduledRun(ThresholdSettings settings, int maxSignals, IThresholdSignalHistory? stored, string ruleUuid)
    : IScheduledRuleTypeRun
{
    private readonly ThresholdSignalHistory history = new(stored, ruleUuid);
    // Detached combinations by their values' JSON text: entries with the same values share one copy.
    private readonly Dictionary<string, JsonValue[]> detachedByText = new(StringComparer.Ordinal);
    private const int MaxShared = 4096;

    public bool WantsMatches => true;

    public bool KeepsEvents => false;

    public bool WantsMatchesOutsideWindows => false;

    public long Held => entriesHeld + history.Count;

    private long entriesHeld;

    public IRuleTypeWindow Open(TimeWindow window) => new Window(window);

    public void Add(TimedMatch match, EventOrdinal ordinal, IReadOnlyList<IRuleTypeWindow> windows)
    {
        if (windows.Count == 0)
        {
            return;
        }
        var combinations = settings.Fields.Count == 0 ? [[]] : TermValues.Combinations(match.Source, settings.Fields);
        if (combinations.Count == 0)
        {
            return;
        }
        var detached = new JsonValue[combinations.Count][];
        var keys = new string[combinations.Count];
        for (var c = 0; c < combinations.Count; c++)
        {
            detached[c] = Detach(combinations[c]);
            keys[c] = TermValues.Key(combinations[c]);
        }
        string[]? distinct = null;
        if (settings.CardinalityField is { } cardinality)
        {
            distinct = [.. TermValues.Scalars(match.Source, cardinality).Select(static v => TermValues.Key([v]))];
        }
        var entry = new Entry(match.Time, ordinal, detached, keys, distinct);
        foreach (var window in windows)
        {
            ((Window)window).Entries.Add(entry);
        }
        entriesHeld += windows.Count;
    }

    // Detached (TermValues.Detach) once per distinct JSON text of the values.
    private JsonValue[] Detach(JsonValue[] combination)
    {
        var text = string.Join('\u001f', Array.ConvertAll(combination, static v => v.ToJsonString()));
        if (!detachedByText.TryGetValue(text, out var detached))
        {
            if (detachedByText.Count >= MaxShared)
            {
                // Many distinct values (command lines): sharing stops paying; entries keep their own copies.
                detachedByText.Clear();
            }
            detached = Array.ConvertAll(combination, TermValues.Detach);
            detachedByText[text] = detached;
        }
        return detached;
    }

    public WindowResult Search(IRuleTypeWindow state, RuleExecution execution)
    {
        var window = (Window)state;
        var range = window.Range;
        history.StartSearch(range.From);
        var entries = window.Entries;
        // The collect-all run walks its matches in time order: groups are met (and inserted) in that order.
        entries.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
        var groups = new Dictionary<string, ThresholdGroup>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (Excluded(entry))
            {
                continue;
            }
            for (var c = 0; c < entry.Keys.Length; c++)
            {
                if (!groups.TryGetValue(entry.Keys[c], out var g))
                {
                    groups[entry.Keys[c]] = g = new ThresholdGroup(entry.Combinations[c]);
                }
                g.Add(entry.Time, entry.Distinct);
            }
        }
        entriesHeld -= window.Entries.Count;
        window.Entries.Clear();
        return ThresholdGroup.Alerts(groups.Values, settings, maxSignals, history);
    }

    // The history filter: an event matching an alerted term set at or before that set's last alerted time.
    private bool Excluded(Entry entry)
    {
        if (history.IsEmpty || entry.Time is not { } t)
        {
            return false;
        }
        entry.Hashes ??= Array.ConvertAll(entry.Combinations, combination =>
        {
            var terms = new List<(string, JsonValue)>(combination.Length);
            for (var i = 0; i < combination.Length; i++)
            {
                terms.Add((settings.Fields[i], combination[i]));
            }
            return ThresholdRuleMatcher.TermsHash(terms);
        });
        foreach (var hash in entry.Hashes)
        {
            if (history.Excludes(hash, t))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>One match as the searches read it; shared by the windows that hold it.</summary>
    private sealed class Entry(DateTimeOffset? time, EventOrdinal ordinal, JsonValue[][] combinations, string[] keys, string[]? distinct)
    {
        public DateTimeOffset? Time { get; } = time;
        public EventOrdinal Ordinal { get; } = ordinal;
        public JsonValue[][] Combinations { get; } = combinations;
        public string[] Keys { get; } = keys;
        public string[]? Distinct { get; } = distinct;

        /// <summary>The combinations' history keys, computed the first time a history could exclude the entry.</summary>
        public string[]? Hashes { get; set; }
    }

    private sealed class Window(TimeWindow range) : IRuleTypeWindow
    {
        public TimeWindow Range { get; } = range;

        public List<Entry> Entries { get; } = [];
    }
}
