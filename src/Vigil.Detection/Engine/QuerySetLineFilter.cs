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
/// when the rule is a sequence the line cannot start (<see cref="QuerySetWorker.CanOpenSequence"/>). The hunt then
/// orders the event without parsing it again, and a sequence with nothing open drops it unparsed.
/// </remarks>
internal sealed class QuerySetLineFilter(QuerySet set, QuerySetWorker worker, IWorkerLineFilter fallback) : IWorkerLineFilter
{
    /// <summary>Separates the rule indices from their timestamps (rule indices are never negative).</summary>
    public const int OrdinalsFollow = -1;

    /// <summary>Flag: the timestamp halves that follow are the rule's place in time order.</summary>
    public const int OrdinalKnown = 1;

    /// <summary>Flag: a sequence rule's first stage (and any missing stage before it) does not match the line.</summary>
    public const int CannotOpen = 2;

    public bool Keep(ReadOnlySpan<byte> line, List<int> tags)
    {
        if (worker.Classify(line, tags))
        {
            var relevant = tags.Count;
            if (relevant == 0)
            {
                return false;
            }
            tags.Add(OrdinalsFollow);
            for (var i = 0; i < relevant; i++)
            {
                var query = tags[i];
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
            return true;
        }
        tags.Clear();
        return fallback.Keep(line, tags);
    }
}
