using Vigil.Server.Hosting;
using Vigil.Server.Store;

namespace Vigil.Server.Ingest;

/// <summary>
/// Turns parsed operations into stored events and per-item results: checks each item (action, index name, id,
/// document), claims explicit ids, appends every accepted document in one <see cref="IEventStore.AppendAsync"/> and
/// only then reports them stored — an acknowledged item is durable. Documents of large requests are checked on two
/// threads; ids are claimed afterwards in request order, so which of two equal ids wins does not depend on timing.
/// </summary>
public sealed class DocumentIngester(ServerContext context)
{
    private const int ParallelThreshold = 1024;

    private readonly DocumentIdGenerator ids = new();
    private readonly RecentIds recent = new();
    private long sequenceNumber = -1;

    public async Task<ItemResult[]> IngestAsync(IReadOnlyList<BulkOperation> operations, CancellationToken cancellationToken)
    {
        var now = context.Clock.UtcNow;
        var checkedItems = new CheckedItem[operations.Count];
        if (operations.Count >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            int half = operations.Count / 2;
            var first = Task.Run(() => Check(operations, checkedItems, 0, half, now), cancellationToken);
            Check(operations, checkedItems, half, operations.Count, now);
            await first.ConfigureAwait(false);
        }
        else
        {
            Check(operations, checkedItems, 0, operations.Count, now);
        }

        var results = new ItemResult[operations.Count];
        var events = new List<IncomingEvent>(operations.Count);
        var claimed = new List<(string Index, string Id)>();
        var stored = new List<int>(operations.Count);
        long bytes = 0;
        for (int i = 0; i < operations.Count; i++)
        {
            var op = operations[i];
            var item = checkedItems[i];
            if (item.Refusal is { } refusal)
            {
                results[i] = refusal;
                continue;
            }
            if (op.Kind == BulkActionKind.Create && op.Id is not null)
            {
                if (!recent.TryClaim(item.Index, item.Id))
                {
                    results[i] = ItemResult.Refused(op.Kind, item.Index, item.Id, 409, "version_conflict_engine_exception",
                        $"[{item.Id}]: version conflict, document already exists (current version [1])");
                    continue;
                }
                claimed.Add((item.Index, item.Id));
            }
            events.Add(new IncomingEvent(item.Index, item.Id, item.Document.Source, item.Document.Timestamp, item.Document.Ingested) { Insertion = item.Document.Insertion });
            bytes += item.Document.Source.Length + item.Document.Insertion.Bytes.Length;
            stored.Add(i);
        }

        if (events.Count > 0)
        {
            try
            {
                await context.Ingest.AppendAsync(events, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                foreach (var (index, id) in claimed)
                {
                    recent.Release(index, id);
                }
                throw new StoreWriteException(failure);
            }
        }

        long firstSeqNo = Interlocked.Add(ref sequenceNumber, events.Count) - events.Count + 1;
        for (int k = 0; k < stored.Count; k++)
        {
            int i = stored[k];
            var op = operations[i];
            var item = checkedItems[i];
            long version = op.Kind == BulkActionKind.Index && op.Id is not null ? recent.Bump(item.Index, item.Id) : 1;
            results[i] = new ItemResult(op.Kind, item.Index, item.Id, version == 1 ? 201 : 200, version, firstSeqNo + k, null, null);
        }
        context.Metrics.EventsIngested.Add(events.Count);
        context.Metrics.EventsRejected.Add(operations.Count - events.Count);
        context.Metrics.BytesIngested.Add(bytes);
        return results;
    }

    private readonly record struct CheckedItem(string Index, string Id, PreparedDocument Document, ItemResult? Refusal);

    private void Check(IReadOnlyList<BulkOperation> operations, CheckedItem[] into, int from, int to, DateTimeOffset now)
    {
        var preparer = new DocumentPreparer(now);
        string? lastGoodIndex = null;
        for (int i = from; i < to; i++)
        {
            var op = operations[i];
            string index = op.Index ?? "";
            string id = op.Id ?? ids.Next(now);
            if (op.Kind is BulkActionKind.Update or BulkActionKind.Delete)
            {
                into[i] = Refuse(op, index, id, 400, "illegal_argument_exception",
                    $"the [{BulkActionName(op.Kind)}] action is not supported: Vigil keeps events append-only (use index or create)");
                continue;
            }
            if (!ReferenceEquals(index, lastGoodIndex) && index != lastGoodIndex)
            {
                if (IndexNames.Problem(index) is { } badIndex)
                {
                    into[i] = Refuse(op, index, id, 400, "invalid_index_name_exception", badIndex);
                    continue;
                }
                lastGoodIndex = index;
            }
            if (op.Id is not null && IndexNames.IdProblem(op.Id) is { } badId)
            {
                into[i] = Refuse(op, index, id, 400, "action_request_validation_exception", $"Validation Failed: 1: {badId};");
                continue;
            }
            var document = preparer.Prepare(op.Source, id);
            into[i] = document.Failed
                ? Refuse(op, index, id, 400, document.ErrorType!, document.ErrorReason!)
                : new CheckedItem(index, id, document, null);
        }
    }

    private static CheckedItem Refuse(BulkOperation op, string index, string id, int status, string type, string reason) =>
        new(index, id, default, ItemResult.Refused(op.Kind, index, id, status, type, reason));

    private static string BulkActionName(BulkActionKind kind) => BulkRequestParser.ActionName(kind);
}
