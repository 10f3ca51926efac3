using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.Engine;

/// <summary>An <see cref="IRuleMatcher"/> over a compiled EQL query (event, sequence or sample).</summary>
public sealed class EqlRuleMatcher : IRuleMatcher
{
    private readonly CompiledQuery _query;

    public EqlRuleMatcher(CompiledQuery query) => _query = query;

    /// <summary>The compiled query (the streaming engine runs it with its own runner).</summary>
    public CompiledQuery Query => _query;

    public IReadOnlyList<RuleMatch> Match(IReadOnlyList<ScanEvent> events, List<string> problems)
    {
        // The runner identifies results by origin and line; the line carries our position in `events` so every
        // match maps back to its event (and its index and id).
        var inputs = new EventInput[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            inputs[i] = new EventInput(events[i].Json, events[i].Origin, i + 1);
        }
        var result = QueryRunner.Run(_query, inputs, RunOptions.Default, p =>
        {
            var index = (int)Math.Clamp(p.Line - 1, 0, Math.Max(events.Count - 1, 0));
            var ev = events.Count > 0 ? events[index] : null;
            problems.Add(ev is null ? p.ToString() : $"{ev.Origin}:{ev.Line}: {p.Reason}");
        });
        var matches = new List<RuleMatch>();
        if (!result.IsSequenceResult)
        {
            foreach (var m in result.Events)
            {
                matches.Add(new RuleMatch([events[(int)m.Line - 1]], false));
            }
            return matches;
        }
        foreach (var sequence in result.Sequences)
        {
            var list = new List<ScanEvent>(sequence.Events.Count);
            foreach (var m in sequence.Events)
            {
                // A missing-event stage (`!` in the query) has no event and no alert.
                if (m is not null)
                {
                    list.Add(events[(int)m.Line - 1]);
                }
            }
            matches.Add(new RuleMatch(list, true));
        }
        return matches;
    }
}
