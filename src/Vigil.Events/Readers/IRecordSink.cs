namespace Vigil.Events.Readers;

/// <summary>
/// Receives what a reader frames out of its input. The spans are only valid during the call: a consumer that keeps
/// an event copies what it needs.
/// </summary>
public interface IRecordSink
{
    /// <summary>
    /// One event. <paramref name="source"/> is the UTF-8 bytes of the event's JSON object (the <c>_source</c> of a
    /// hit or bulk action, the line itself for plain NDJSON); <paramref name="index"/> and <paramref name="id"/> are
    /// the envelope's <c>_index</c> and <c>_id</c> when the input has them, else empty.
    /// </summary>
    void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id);

    /// <summary>A record that could not be read; reading goes on.</summary>
    void Reject(InputError error);
}
