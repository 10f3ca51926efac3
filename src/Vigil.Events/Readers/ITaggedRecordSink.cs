namespace Vigil.Events.Readers;

/// <summary>
/// A sink that also receives what the worker filter found out about each line (<see cref="IWorkerLineFilter"/>).
/// The chunked reader calls <see cref="AcceptTagged"/> instead of <see cref="IRecordSink.Accept"/> for lines a worker
/// filter kept; it also tells the sink how much input went by without a record being delivered.
/// </summary>
public interface ITaggedRecordSink : IRecordSink
{
    /// <summary>One plain NDJSON event with the tags its worker filter gave it.</summary>
    void AcceptTagged(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<int> tags);
}
