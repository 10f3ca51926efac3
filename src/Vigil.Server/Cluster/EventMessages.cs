using System.Globalization;
using NATS.Client.Core;
using Vigil.Cluster;
using Vigil.Server.Store;

namespace Vigil.Server.Cluster;

/// <summary>
/// An accepted event as a stream message and back: the body is the stored line (source with its insertion), the
/// headers carry what the local store indexes by — the index, the <c>_id</c>, <c>@timestamp</c> and
/// <c>event.ingested</c> — so the owner appends exactly what a single-process ingest would have.
/// </summary>
public static class EventMessages
{
    public const string IndexHeader = "Vigil-Index";
    public const string IdHeader = "Vigil-Id";
    public const string TimestampHeader = "Vigil-Timestamp";
    public const string IngestedHeader = "Vigil-Ingested";

    public static OutgoingEvent ToMessage(IncomingEvent e)
    {
        var line = e.Insertion.IsEmpty ? e.Source : e.LineToArray();
        var headers = new NatsHeaders
        {
            [IndexHeader] = e.Index,
            [IdHeader] = e.Id,
            [IngestedHeader] = e.Ingested.UtcTicks.ToString(CultureInfo.InvariantCulture),
        };
        if (e.Timestamp is { } ts)
        {
            headers[TimestampHeader] = ts.UtcTicks.ToString(CultureInfo.InvariantCulture);
        }
        // Ids are unique per index in Elasticsearch, so the dedup key is both.
        return new OutgoingEvent(HostIdReader.Read(line.Span), e.Index + "/" + e.Id, line, headers);
    }

    /// <summary>The event of a stream message, or null when it lacks the headers (not written by Vigil).</summary>
    public static IncomingEvent? FromMessage(StreamMessage m)
    {
        if (m.Header(IndexHeader) is not { } index || m.Header(IdHeader) is not { } id || Ticks(m.Header(IngestedHeader)) is not { } ingested)
        {
            return null;
        }
        return new IncomingEvent(index, id, m.Body, Ticks(m.Header(TimestampHeader)), ingested);
    }

    /// <summary>UTC ticks, not milliseconds: the store's time index must see the same instant ingest saw.</summary>
    private static DateTimeOffset? Ticks(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
}
