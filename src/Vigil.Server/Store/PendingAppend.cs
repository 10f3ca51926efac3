namespace Vigil.Server.Store;

/// <summary>One <see cref="SegmentEventStore.AppendAsync"/> call waiting for its group commit.</summary>
internal sealed class PendingAppend(IReadOnlyList<IncomingEvent> events, long bytes)
{
    public IReadOnlyList<IncomingEvent> Events { get; } = events;

    /// <summary>Bytes its event lines take, line feeds included.</summary>
    public long Bytes { get; } = bytes;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
