using Vigil.Detection.Engine;
using Vigil.Detection.RuleTypes;
using Vigil.Server.Store;

namespace Vigil.Server.Scheduling;

/// <summary>
/// new_terms' history range read from the event store: the segments that may hold events of the range, through the
/// rule's prefilter, only lines of the rule's indices copied, handed on in bounded batches. The problems met are kept
/// for the window search to report.
/// </summary>
internal sealed class StoreEventHistory(IEventStore store, int threads) : IRuleEventHistory
{
    public List<string> Problems { get; } = [];

    public void Read(PreparedRule rule, DateTimeOffset from, DateTimeOffset to, Action<IReadOnlyList<ScanEvent>> batch)
    {
        if (from >= to)
        {
            return;
        }
        var segments = store.Overlapping(from, to);
        Problems.AddRange(StoredEventBatches.Read(segments, rule.Prefilter, threads,
            index => rule.Indices.IsEmpty || rule.Indices.Matches(index), batch));
    }
}
