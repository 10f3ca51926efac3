using System.Text.Json.Nodes;
using Vigil.Detection.Engine;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// One bucket of a threshold search: a combination of the threshold fields' values, how many events it holds, their
/// first and last times and (with a cardinality field) the distinct values seen. Shared by the collect-all run and
/// the streaming schedule, with the step that turns a search's groups into its alerts.
/// </summary>
internal sealed class ThresholdGroup(JsonValue[] values)
{
    public JsonValue[] Values { get; } = values;
    public long Count { get; private set; }
    public DateTimeOffset? Min { get; private set; }
    public DateTimeOffset? Max { get; private set; }
    public HashSet<string>? Distinct { get; private set; }

    /// <summary>Counts one event; <paramref name="distinct"/> is its cardinality field's keys, null without that field.</summary>
    public void Add(DateTimeOffset? time, IEnumerable<string>? distinct)
    {
        Count++;
        if (time is { } t)
        {
            Min = Min is { } lo && lo <= t ? lo : t;
            Max = Max is { } hi && hi >= t ? hi : t;
        }
        if (distinct is not null)
        {
            Distinct ??= new HashSet<string>(StringComparer.Ordinal);
            Distinct.UnionWith(distinct);
        }
    }

    /// <summary>
    /// The search's alerts: the groups that reach the threshold (and the cardinality), in the terms' order, at most
    /// <paramref name="maxSignals"/>, each recorded in the signal history.
    /// </summary>
    public static WindowResult Alerts(IEnumerable<ThresholdGroup> groups, ThresholdSettings settings, int maxSignals, ThresholdSignalHistory history)
    {
        var passing = groups
            .Where(g => g.Count >= settings.Value && (settings.CardinalityField is null || g.Distinct!.Count >= settings.CardinalityValue))
            .ToList();
        passing.Sort((a, b) => TermValues.Compare(a.Values, b.Values));
        var matches = new List<RuleMatch>(Math.Min(passing.Count, maxSignals));
        foreach (var g in passing.Take(maxSignals))
        {
            var terms = new List<(string, JsonValue)>(settings.Fields.Count);
            for (var i = 0; i < settings.Fields.Count; i++)
            {
                terms.Add((settings.Fields[i], g.Values[i]));
            }
            var bucket = new ThresholdBucket(terms, g.Count, g.Min, g.Max, settings.CardinalityField is null ? null : g.Distinct!.Count);
            matches.Add(new RuleMatch([], false) { Threshold = bucket });
            history.Alerted(terms, g.Max);
        }
        return new WindowResult(matches, passing.Count > maxSignals);
    }
}
