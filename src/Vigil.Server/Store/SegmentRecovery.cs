using System.Buffers;

namespace Vigil.Server.Store;

/// <summary>
/// Rebuilds the index of a segment that was not sealed (the active one when the process stopped, or crashed) from
/// its two files, and cuts both back to the last whole append that made it to disk: an envelope line that is torn or
/// unparsable, an event line that is short, lacks its line feed or fails its checksum, ends the good part, and
/// everything after the last append-end mark before it goes. The two files then agree line for line. Every
/// acknowledged append was fsynced whole before its acknowledgement, so it is always inside the good part.
/// </summary>
internal static class SegmentRecovery
{
    /// <summary>What was kept, and what was cut off apart from the zero padding of direct writes (no event was lost there).</summary>
    public sealed record Result(SegmentManifest Manifest, long DroppedEventBytes, long DroppedEnvelopeBytes);

    public static Result Recover(in SegmentFiles files)
    {
        var envelopes = File.ReadAllBytes(files.Envelopes);
        using var events = new FileStream(files.Events, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 20);
        var eventsLength = events.Length;
        var line = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long keptEvents = 0, keptBytes = 0, keptEnvelopeBytes = 0;
            var kept = default(SegmentTimes);
            long pendingEvents = 0, eventOffset = 0, envelopeOffset = 0;
            var pending = default(SegmentTimes);
            while (envelopeOffset < envelopes.Length)
            {
                var rest = envelopes.AsSpan((int)envelopeOffset);
                var lineFeed = rest.IndexOf((byte)'\n');
                if (lineFeed < 0 || !EnvelopeLine.TryParse(rest[..lineFeed], out var envelope))
                {
                    break;
                }
                var need = envelope.Length + 1;
                if (eventOffset + need > eventsLength)
                {
                    break;
                }
                if (line.Length < need)
                {
                    ArrayPool<byte>.Shared.Return(line);
                    line = ArrayPool<byte>.Shared.Rent(need);
                }
                events.ReadExactly(line, 0, need);
                if (line[envelope.Length] != (byte)'\n' || LineChecksum.Of(line.AsSpan(0, envelope.Length)) != envelope.Checksum)
                {
                    break;
                }
                eventOffset += need;
                envelopeOffset += lineFeed + 1;
                pendingEvents++;
                pending.Add(envelope.Timestamp, envelope.Ingested);
                if (envelope.EndsAppend)
                {
                    keptEvents += pendingEvents;
                    keptBytes = eventOffset;
                    keptEnvelopeBytes = envelopeOffset;
                    kept.Merge(pending);
                    pendingEvents = 0;
                    pending = default;
                }
            }

            var droppedEvents = eventsLength - keptBytes;
            var droppedEnvelopes = envelopes.Length - keptEnvelopeBytes;
            var padding = droppedEnvelopes == 0 ? DirectWritePadding(events, keptBytes, droppedEvents, line) : 0;
            if (droppedEvents > 0)
            {
                events.SetLength(keptBytes);
            }
            events.Flush(flushToDisk: true);
            if (droppedEnvelopes > 0)
            {
                using var envelopeFile = new FileStream(files.Envelopes, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
                envelopeFile.SetLength(keptEnvelopeBytes);
                envelopeFile.Flush(flushToDisk: true);
            }
            return new Result(new SegmentManifest(keptEvents, keptBytes, keptEnvelopeBytes, kept), droppedEvents - padding, droppedEnvelopes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
        }
    }

    /// <summary>
    /// The length of the tail after the last whole append when it is only the zeros a direct write pads its last
    /// block with (shorter than a block, all zero), else 0.
    /// </summary>
    private static long DirectWritePadding(FileStream events, long keptBytes, long tailBytes, byte[] scratch)
    {
        if (tailBytes <= 0 || tailBytes >= DirectAppendFile.BlockSize || scratch.Length < tailBytes)
        {
            return 0;
        }
        events.Position = keptBytes;
        events.ReadExactly(scratch, 0, (int)tailBytes);
        return scratch.AsSpan(0, (int)tailBytes).ContainsAnyExcept((byte)0) ? 0 : tailBytes;
    }
}
