using System.Text;
using Vigil.Events.Prefilter;
using Vigil.Events.Readers;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

/// <summary>
/// Reads segments the way the scheduler will: <see cref="InputReader"/> through the chunked NDJSON reader (a
/// pass-through prefilter), each line's envelope from <see cref="StoredSegment.EnvelopeOf"/>. Any read error fails.
/// </summary>
internal sealed class SegmentReadBack : IRecordSink
{
    private readonly List<StoredEvent> events = [];
    private readonly List<InputError> errors = [];
    private StoredSegment? current;

    public static List<StoredEvent> Read(IEnumerable<StoredSegment> segments)
    {
        var sink = new SegmentReadBack();
        var options = new ReaderOptions { Prefilter = LinePrefilter.PassThrough, Format = InputFormat.Ndjson };
        foreach (var segment in segments)
        {
            sink.current = segment;
            var summary = InputReader.ReadPath(segment.Path, sink, options);
            Assert.Equal(segment.Events, summary.Records);
            Assert.Equal(segment.Bytes, summary.Bytes);
        }
        Assert.Empty(sink.errors);
        return sink.events;
    }

    /// <summary>Everything in the store, oldest segment first.</summary>
    public static List<StoredEvent> ReadAll(IEventStore store) => Read(store.Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        var (envelopeIndex, envelopeId) = current!.EnvelopeOf(origin.Line);
        events.Add(new StoredEvent(Encoding.UTF8.GetString(source), envelopeIndex, envelopeId, current.Path, origin.Line));
    }

    public void Reject(InputError error) => errors.Add(error);
}
