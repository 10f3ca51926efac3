using Vigil.Eql.QuerySets;
using Vigil.Events.Readers;

namespace Vigil.Detection.Engine;

/// <summary>
/// The streaming hunt's worker-thread filter when every rule is in one <see cref="QuerySet"/>: one literal pass and at
/// most one parse per line tag the line with exactly the rules it is relevant to (a rule it is not relevant to could
/// not change that rule's result). A line that does not parse falls back to the rules' own literal checks, so its
/// problem is reported by the same rules as without the set. One instance per worker thread.
/// </summary>
internal sealed class QuerySetLineFilter(QuerySetWorker worker, IWorkerLineFilter fallback) : IWorkerLineFilter
{
    public bool Keep(ReadOnlySpan<byte> line, List<int> tags)
    {
        if (worker.Classify(line, tags))
        {
            return tags.Count > 0;
        }
        tags.Clear();
        return fallback.Keep(line, tags);
    }
}
