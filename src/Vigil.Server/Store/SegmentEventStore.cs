namespace Vigil.Server.Store;

/// <summary>
/// The event store on local disk: NDJSON segment files with an envelope sidecar and a time index
/// (docs/serve-store.md). Appends from any number of threads are queued and written by one writer thread in group
/// commits: every append waiting when a commit starts is written and fsynced with it, then all are acknowledged.
/// </summary>
public sealed class SegmentEventStore : IEventStore
{
    private readonly SegmentStoreOptions options;
    private readonly object gate = new();
    private readonly object queueLock = new();
    private readonly List<SealedSegment> segments;
    private readonly List<SealedSegment> condemned = [];
    private readonly Thread writer;
    private readonly FileStream folderLock;
    private const long MaxAppendBytes = 1L << 30;
    private const int MaxGroupAppends = 256; // two buffers per append per file, well under IOV_MAX (1024)
    private List<PendingAppend> queue = [];
    private ActiveSegment? active;
    private long nextSequence;
    private bool stopping;
    private bool disposed;
    private volatile Exception? faulted;

    public SegmentEventStore(string directory)
        : this(directory, SegmentStoreOptions.Default)
    {
    }

    public SegmentEventStore(string directory, SegmentStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory = Path.GetFullPath(directory);
        this.options = options;
        folderLock = FolderLock.Take(Directory);
        SegmentDirectoryLoader.Loaded loaded;
        try
        {
            loaded = SegmentDirectoryLoader.Load(Directory, options.Log);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
        segments = loaded.Segments;
        nextSequence = loaded.NextSequence;
        writer = new Thread(WriteLoop) { IsBackground = true, Name = "vigil event store writer" };
        writer.Start();
    }

    public string Directory { get; }

    public EventStoreStats Stats
    {
        get
        {
            lock (gate)
            {
                long events = 0, bytes = 0;
                var times = default(SegmentTimes);
                foreach (var segment in segments)
                {
                    events += segment.Events;
                    bytes += segment.DiskBytes;
                    times.Merge(segment.Times);
                }
                var count = (long)segments.Count;
                if (active is { Events: > 0 } open)
                {
                    count++;
                    events += open.Events;
                    bytes += open.Bytes + open.EnvelopeBytes;
                    times.Merge(open.Times);
                }
                return new EventStoreStats(count, events, bytes, times.IsEmpty ? null : times.MinTime, times.IsEmpty ? null : times.MaxTime);
            }
        }
    }

    /// <summary>
    /// Checks every event (one line of a JSON object, no line break), then queues the batch for the next group commit
    /// and completes once it is fsynced. A bad event rejects the whole batch with an <see cref="ArgumentException"/>
    /// before anything is written. Cancelling only stops a batch that is not queued yet.
    /// </summary>
    public ValueTask AppendAsync(IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        long bytes = 0;
        for (var i = 0; i < events.Count; i++)
        {
            bytes += IncomingEventCheck.LineBytes(events[i], i);
        }
        if (events.Count == 0)
        {
            return ValueTask.CompletedTask;
        }
        if (bytes > MaxAppendBytes)
        {
            throw new ArgumentException($"a batch of {bytes} bytes is over the {MaxAppendBytes}-byte limit of one append; split it", nameof(events));
        }
        var pending = new PendingAppend(events, bytes);
        lock (queueLock)
        {
            if (stopping || faulted is not null)
            {
                pending.Dispose();
                ObjectDisposedException.ThrowIf(stopping, this);
                throw new IOException($"the event store at {Directory} stopped accepting writes after a failure: {faulted!.Message}", faulted);
            }
            queue.Add(pending);
            if (queue.Count == 1)
            {
                Monitor.Pulse(queueLock);
            }
        }
        return new ValueTask(pending.Completion.Task);
    }

    public IReadOnlyList<StoredSegment> Overlapping(DateTimeOffset from, DateTimeOffset to)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (active is { Events: > 0 } open && open.Times.Intersects(from, to))
            {
                SealActive();
            }
            var now = Now;
            var found = new List<StoredSegment>();
            foreach (var segment in segments)
            {
                if (segment.Times.Intersects(from, to))
                {
                    segment.LastHandedOut = now;
                    found.Add(segment);
                }
            }
            return found;
        }
    }

    /// <summary>
    /// Removes the segments whose newest time is before <paramref name="before"/> and returns how many. Their files are
    /// unlinked at once unless <see cref="Overlapping"/> handed them out within the deletion grace; then on a later call.
    /// A reader that already opened or mapped a file keeps reading it after the unlink (Unix semantics).
    /// </summary>
    public int DeleteOlderThan(DateTimeOffset before)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (active is { Events: > 0 } open && open.Times.Max < before.UtcTicks)
            {
                SealActive();
            }
            var removed = 0;
            for (var i = 0; i < segments.Count; i++)
            {
                if (segments[i].Times.Max < before.UtcTicks)
                {
                    condemned.Add(segments[i]);
                    removed++;
                }
            }
            segments.RemoveAll(segment => segment.Times.Max < before.UtcTicks);
            DeleteCondemned();
            return removed;
        }
    }

    /// <summary>Writes what is queued, seals the active segment and stops; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (queueLock)
        {
            if (stopping)
            {
                return;
            }
            stopping = true;
            Monitor.Pulse(queueLock);
        }
        writer.Join();
        lock (gate)
        {
            try
            {
                if (active is { Events: > 0 })
                {
                    SealActive();
                }
                else if (active is not null)
                {
                    active.DeleteEmpty();
                    active = null;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                active?.Dispose();
                active = null;
                options.Log($"event store: sealing at shutdown failed ({exception.Message}); the segment is recovered on the next open");
            }
            disposed = true;
            folderLock.Dispose();
        }
    }

    /// <summary>
    /// For crash tests: stops the writer and closes the files without sealing, as a killed process leaves them (what
    /// the kernel has is on disk; nothing more is written).
    /// </summary>
    internal void AbandonAsIfCrashed()
    {
        lock (queueLock)
        {
            stopping = true;
            Monitor.Pulse(queueLock);
        }
        writer.Join();
        lock (gate)
        {
            active?.Dispose();
            active = null;
            disposed = true;
            folderLock.Dispose();
        }
    }

    private long Now => options.Time.GetUtcNow().UtcTicks;

    private void WriteLoop()
    {
        var group = new List<PendingAppend>();
        while (true)
        {
            lock (queueLock)
            {
                while (queue.Count == 0)
                {
                    if (stopping)
                    {
                        return;
                    }
                    if (!Monitor.Wait(queueLock, IdleWait()))
                    {
                        break;
                    }
                }
                long groupBytes = 0;
                var taken = 0;
                while (taken < queue.Count && taken < MaxGroupAppends && (taken == 0 || groupBytes + queue[taken].EventLines.Length <= options.MaxGroupBytes))
                {
                    groupBytes += queue[taken].EventLines.Length;
                    group.Add(queue[taken]);
                    taken++;
                }
                queue.RemoveRange(0, taken);
            }
            if (group.Count == 0)
            {
                SealIfAged();
                continue;
            }
            Commit(group);
            group.Clear();
        }
    }

    /// <summary>How long the idle writer sleeps: until the active segment is due to be sealed by age (checked at least every second).</summary>
    private TimeSpan IdleWait()
    {
        var open = Volatile.Read(ref active);
        return open is { Events: > 0 } ? TimeSpan.FromSeconds(1) : Timeout.InfiniteTimeSpan;
    }

    private void SealIfAged()
    {
        try
        {
            lock (gate)
            {
                if (active is { Events: > 0 } open && Now - open.CreatedTicks >= options.MaxSegmentAge.Ticks)
                {
                    SealActive();
                }
            }
        }
        catch (Exception exception)
        {
            // The writer thread must not die: the segment stays active and is sealed on a later try.
            options.Log($"event store: sealing by age failed: {exception.Message}");
        }
    }

    private void Commit(List<PendingAppend> group)
    {
        try
        {
            var times = default(SegmentTimes);
            long count = 0, bytes = 0;
            var eventLines = new ReadOnlyMemory<byte>[group.Count];
            var envelopeLines = new ReadOnlyMemory<byte>[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                var pending = group[i];
                eventLines[i] = pending.EventLines;
                envelopeLines[i] = pending.EnvelopeLines;
                bytes += pending.EventLines.Length;
                count += pending.Count;
                times.Merge(pending.Times);
            }
            lock (gate)
            {
                if (faulted is not null)
                {
                    throw faulted;
                }
                var open = active;
                if (open is { Events: > 0 } && (open.Bytes + bytes > options.MaxSegmentBytes || Now - open.CreatedTicks >= options.MaxSegmentAge.Ticks))
                {
                    SealActive();
                    open = null;
                }
                if (open is null)
                {
                    open = ActiveSegment.Create(new SegmentFiles(Directory, nextSequence++), Now, options.DirectWrites);
                    Volatile.Write(ref active, open);
                }
                try
                {
                    open.Write(eventLines, envelopeLines, count, times);
                }
                catch (Exception exception) when (open.Damaged)
                {
                    faulted = exception;
                    throw;
                }
            }
            foreach (var pending in group)
            {
                pending.Completion.TrySetResult();
            }
        }
        catch (Exception exception)
        {
            options.Log($"event store: an append of {group.Sum(p => p.Count)} events failed and was not acknowledged: {exception.Message}");
            var error = exception as IOException ?? new IOException($"event store write failed: {exception.Message}", exception);
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(error);
            }
        }
        finally
        {
            foreach (var pending in group)
            {
                pending.Dispose();
            }
        }
    }

    /// <summary>Seals the active segment (caller holds <see cref="gate"/>); the next append starts a new one.</summary>
    private void SealActive()
    {
        var sealedSegment = active!.Seal();
        Volatile.Write(ref active, null);
        segments.Add(sealedSegment);
        DeleteCondemned();
    }

    private void DeleteCondemned()
    {
        var now = Now;
        for (var i = condemned.Count - 1; i >= 0; i--)
        {
            var segment = condemned[i];
            if (segment.LastHandedOut != long.MinValue && now - segment.LastHandedOut < options.DeletionGrace.Ticks)
            {
                continue;
            }
            try
            {
                // Events first: a deletion cut short leaves only sidecar files, which the next open removes.
                File.Delete(segment.Files.Events);
                File.Delete(segment.Files.Envelopes);
                File.Delete(segment.Files.Manifest);
                condemned.RemoveAt(i);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                options.Log($"event store: cannot delete {segment.Files.Events} yet: {exception.Message}");
            }
        }
    }
}
