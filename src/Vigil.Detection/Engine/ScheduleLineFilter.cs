using Vigil.Eql.QuerySets;
using Vigil.Events.Readers;

namespace Vigil.Detection.Engine;

/// <summary>
/// The streaming schedule's worker-thread filter: every line is kept (each one moves the rules' schedules on), tagged
/// with the rules whose query it is relevant to (one literal pass and at most one parse for all rules, as
/// <see cref="QuerySetLineFilter"/> does for the hunt), then <see cref="Classified"/>. A line the set cannot classify
/// (it does not parse) gets no tags, and each rule checks its own prefilter, so its problem is reported as before.
/// One instance per worker thread.
/// </summary>
internal sealed class ScheduleLineFilter(QuerySetWorker worker) : IWorkerLineFilter
{
    /// <summary>Ends the tags of a classified line (rule indices are never negative).</summary>
    public const int Classified = -1;

    public bool Keep(ReadOnlySpan<byte> line, List<int> tags)
    {
        if (worker.Classify(line, tags))
        {
            tags.Add(Classified);
        }
        else
        {
            tags.Clear();
        }
        return true;
    }
}
