using Vigil.Events.Prefilter;
using Vigil.Events.Readers;

namespace Vigil.Detection.Engine;

/// <summary>
/// The per-rule literal checks of a streaming hunt, run in the reader's worker threads: for each candidate line, the
/// rules whose own prefilter may match it become the line's tags, and a line no rule wants is not delivered at all.
/// Rules with identical prefilters share one check. One instance per worker thread (the prefilters are immutable).
/// </summary>
internal sealed class RulePrefilterLineFilter(IReadOnlyList<(LinePrefilter Prefilter, int[] Rules)> groups) : IWorkerLineFilter
{
    public bool Keep(ReadOnlySpan<byte> line, List<int> tags)
    {
        foreach (var (prefilter, rules) in groups)
        {
            if (prefilter.MayMatch(line))
            {
                tags.AddRange(rules);
            }
        }
        return tags.Count > 0;
    }
}
