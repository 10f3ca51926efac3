using System.Text;
using Vigil.Events.Readers;

namespace Vigil.Detection.Engine;

/// <summary>
/// Receives events from the readers and gives each its identity: the envelope's <c>_index</c>/<c>_id</c> when
/// present, else the data stream name (or the input's <c>--index</c>) and <see cref="EventIdentity"/>.
/// </summary>
public sealed class EventCollector : IRecordSink
{
    private readonly string? _defaultIndex;

    public EventCollector(string? defaultIndex = null) => _defaultIndex = defaultIndex;

    public List<ScanEvent> Events { get; } = [];
    public List<InputError> Errors { get; } = [];

    /// <summary>Events whose index could not be named (no envelope, no data_stream, no --index).</summary>
    public long WithoutIndex { get; private set; }

    /// <summary>Fixture comment lines (an object whose first key is <c>//</c>) that were skipped.</summary>
    public long Comments { get; private set; }

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        if (IsComment(source))
        {
            Comments++;
            return;
        }
        var resolved = EventIndex.Resolve(index, source, _defaultIndex);
        if (resolved is null)
        {
            WithoutIndex++;
            resolved = "";
        }
        var eventId = id.IsEmpty ? EventIdentity.Derive(source) : Encoding.UTF8.GetString(id);
        Events.Add(new ScanEvent(resolved, eventId, source.ToArray(), origin.Source, origin.Line));
    }

    public void Reject(InputError error) => Errors.Add(error);

    // Scenario fixtures open with {"//": "...", "expect_alerts": N}: metadata, not an event.
    internal static bool IsComment(ReadOnlySpan<byte> source)
    {
        var reader = new System.Text.Json.Utf8JsonReader(source);
        try
        {
            return reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.StartObject &&
                   reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueTextEquals("//"u8);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
