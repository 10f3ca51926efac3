using Vigil.Eql.QuerySets;
using Vigil.Events.Readers;

namespace Vigil.Detection.Engine;

/// <summary>
/// The streaming hunt's worker-thread filter when every rule is in one <see cref="QuerySet"/>: one literal pass and at
/// most one parse per line tag the line with exactly the rules it is relevant to (a rule it is not relevant to could
/// not change that rule's result). A line that does not parse falls back to the rules' own literal checks, so its
/// problem is reported by the same rules as without the set. One instance per worker thread.
/// </summary>
/// <remarks>
/// Tags: the relevant rules' indices, then <see cref="OrdinalsFollow"/>, then three integers per rule in the same order:
/// flags and the timestamp's high and low halves when the worker's parse gives the rule's place in time order (its
/// timestamp field, no tiebreaker), else 0, 0, 0. Flags: <see cref="OrdinalKnown"/>, plus <see cref="CannotOpen"/>
/// when the rule is a sequence the line cannot start (<see cref="QuerySetWorker.CanOpenSequence"/>). The hunt then orders the event without parsing it again.
/// When a relevant rule reads its matches through <paramref name="projection"/> (threshold, new_terms), the line's
/// projection is the attachment, made here rather than once per rule on the delivering thread.
/// </remarks>
internal sealed class QuerySetLineFilter(QuerySet set, QuerySetWorker worker, IWorkerLineFilter fallback,
    MatchSourceProjection? projection = null) : IWorkerLineFilter
{
    private readonly System.Buffers.ArrayBufferWriter<byte> scratch = new();

    /// <summary>Separates the rule indices from their timestamps (rule indices are never negative).</summary>
    public const int OrdinalsFollow = -1;

    /// <summary>Flag: the timestamp halves that follow are the rule's place in time order.</summary>
    public const int OrdinalKnown = 1;

    /// <summary>Flag: a sequence rule's first stage (and any missing stage before it) does not match the line.</summary>
    public const int CannotOpen = 2;

    public bool Keep(ReadOnlySpan<byte> line, List<int> tags, out object? attachment)
    {
        attachment = null;
        if (worker.Classify(line, tags))
        {
            var relevant = tags.Count;
            if (relevant == 0)
            {
                return false;
            }
            tags.Add(OrdinalsFollow);
            var project = false;
            for (var i = 0; i < relevant; i++)
            {
                var query = tags[i];
                project |= projection is not null && projection.Rules[query];
                if (set[query].TiebreakerSlot < 0 && worker.TryGetOrdinal(query, 0, out var ordinal))
                {
                    tags.Add(worker.CanOpenSequence(query) ? OrdinalKnown : OrdinalKnown | CannotOpen);
                    tags.Add((int)(ordinal.Timestamp >> 32));
                    tags.Add((int)ordinal.Timestamp);
                }
                else
                {
                    tags.Add(0);
                    tags.Add(0);
                    tags.Add(0);
                }
            }
            if (project)
            {
                attachment = projection!.Project(line, scratch);
            }
            return true;
        }
        tags.Clear();
        return fallback.Keep(line, tags, out attachment);
    }
}
