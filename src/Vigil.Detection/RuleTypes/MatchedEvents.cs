using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.Rules;

namespace Vigil.Detection.RuleTypes;

/// <summary>The query's matches among events, each parsed once and given its range time.</summary>
internal static class MatchedEvents
{
    public static List<TimedMatch> Of(EqlRuleMatcher query, IReadOnlyList<ScanEvent> events, DetectionRule rule, List<string> problems)
    {
        var result = new List<TimedMatch>();
        foreach (var match in query.Match(events, problems))
        {
            if (Timed(match.Events[0], rule, problems) is { } timed)
            {
                result.Add(timed);
            }
        }
        return result;
    }

    /// <summary>One matched event parsed, with its range time; null (and a problem) when it is not a JSON object.</summary>
    public static TimedMatch? Timed(ScanEvent ev, DetectionRule rule, List<string> problems)
    {
        JsonNode? node;
        try
        {
            node = Vigil.Events.Projection.StrictJson.Parse(ev.Json.Span);
        }
        catch (System.Text.Json.JsonException e)
        {
            problems.Add($"{ev.Origin}:{ev.Line}: {Vigil.Events.Projection.JsonErrorText.Describe(e)}");
            return null;
        }
        return node is JsonObject source ? new TimedMatch(ev, source, DetectionEngine.RangeTime(source, rule)) : null;
    }

    /// <summary>Whether a match falls in the window (an unbounded hunt searches every match).</summary>
    public static bool InWindow(TimedMatch m, Schedule.TimeWindow window, bool bounded) =>
        !bounded || (m.Time is { } t && window.Contains(t));
}
