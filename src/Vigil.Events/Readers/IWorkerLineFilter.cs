namespace Vigil.Events.Readers;

/// <summary>
/// A per-thread filter the chunked reader runs on each candidate NDJSON line inside its worker threads (see
/// <see cref="ReaderOptions.WorkerFilter"/>), so that costly per-line work such as parsing and evaluating many
/// queries is spread over the workers. One instance serves one worker thread only.
/// </summary>
public interface IWorkerLineFilter
{
    /// <summary>
    /// Whether the line (one JSON object, trimmed) must be delivered. <paramref name="tags"/> may receive integers
    /// that travel with the line to an <see cref="ITaggedRecordSink"/> (for instance which queries it is relevant to).
    /// </summary>
    bool Keep(ReadOnlySpan<byte> line, List<int> tags);
}
