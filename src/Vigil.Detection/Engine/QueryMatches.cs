using Vigil.Eql.Runtime;

namespace Vigil.Detection.Engine;

/// <summary>A streaming query's result as rule matches, each event given its identity (index and id).</summary>
internal static class QueryMatches
{
    public static List<RuleMatch> From(QueryResult result, Func<MatchedEvent, ScanEvent> identify)
    {
        var matches = new List<RuleMatch>();
        if (!result.IsSequenceResult)
        {
            foreach (var m in result.Events)
            {
                matches.Add(new RuleMatch([identify(m)], false));
            }
            return matches;
        }
        foreach (var sequence in result.Sequences)
        {
            matches.Add(From(sequence, identify));
        }
        return matches;
    }

    /// <summary>One sequence; a missing-event stage (<c>!</c> in the query) has no event and no alert.</summary>
    public static RuleMatch From(SequenceResult sequence, Func<MatchedEvent, ScanEvent> identify)
    {
        var list = new List<ScanEvent>(sequence.Events.Count);
        foreach (var m in sequence.Events)
        {
            if (m is not null)
            {
                list.Add(identify(m));
            }
        }
        return new RuleMatch(list, true);
    }
}
