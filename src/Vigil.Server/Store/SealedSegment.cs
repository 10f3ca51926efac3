using Microsoft.Win32.SafeHandles;

namespace Vigil.Server.Store;

/// <summary>
/// A sealed, immutable segment. <see cref="EnvelopeOf"/> reads the sidecar through a sparse index (the offset of
/// every 64th line, built on first use), so holding many segments costs almost no memory and a lookup reads a few KB.
/// </summary>
internal sealed class SealedSegment : StoredSegment
{
    private const int LinesPerMark = 64;
    private readonly object indexLock = new();
    private long[]? marks;

    public SealedSegment(SegmentFiles files, SegmentManifest manifest)
    {
        Files = files;
        Manifest = manifest;
    }

    public SegmentFiles Files { get; }

    public SegmentManifest Manifest { get; }

    public long Sequence => Files.Sequence;

    public SegmentTimes Times => Manifest.Times;

    /// <summary>When <see cref="SegmentEventStore.Overlapping"/> last handed this segment out (ticks of the store's time).</summary>
    public long LastHandedOut { get; set; } = long.MinValue;

    /// <summary>Bytes on disk: events, envelopes and (roughly) the manifest.</summary>
    public long DiskBytes => Manifest.Bytes + Manifest.EnvelopeBytes + 512;

    public override string Path => Files.Events;

    public override long Events => Manifest.Events;

    public override long Bytes => Manifest.Bytes;

    public override DateTimeOffset MinTime => Times.MinTime;

    public override DateTimeOffset MaxTime => Times.MaxTime;

    public override (string Index, string Id) EnvelopeOf(long line)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(line, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(line, Events);
        var index = Marks();
        var wanted = line - 1;
        var mark = (int)(wanted / LinesPerMark);
        var start = index[mark];
        var end = mark + 1 < index.Length ? index[mark + 1] : Manifest.EnvelopeBytes;
        var block = new byte[checked((int)(end - start))];
        using (var handle = File.OpenHandle(Files.Envelopes, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            ReadExactly(handle, block, start);
        }
        ReadOnlySpan<byte> rest = block;
        for (var skip = wanted % LinesPerMark; skip > 0; skip--)
        {
            rest = rest[(rest.IndexOf((byte)'\n') + 1)..];
        }
        var lineFeed = rest.IndexOf((byte)'\n');
        if (lineFeed < 0 || !EnvelopeLine.TryParse(rest[..lineFeed], out var envelope))
        {
            throw new InvalidDataException($"{Files.Envelopes}: envelope line {line} is damaged");
        }
        return (envelope.Index, envelope.Id);
    }

    private long[] Marks()
    {
        lock (indexLock)
        {
            if (marks is not null)
            {
                return marks;
            }
            var found = new long[(Events + LinesPerMark - 1) / LinesPerMark];
            var buffer = new byte[1 << 16];
            long offset = 0;
            long lineNumber = 0;
            long nextMark = 0;
            using (var handle = File.OpenHandle(Files.Envelopes, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                while (offset < Manifest.EnvelopeBytes && lineNumber < Events)
                {
                    var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, Manifest.EnvelopeBytes - offset)), offset);
                    if (read <= 0)
                    {
                        break;
                    }
                    var span = buffer.AsSpan(0, read);
                    var position = 0;
                    while (lineNumber < Events)
                    {
                        if (lineNumber == nextMark)
                        {
                            found[lineNumber / LinesPerMark] = offset + position;
                            nextMark += LinesPerMark;
                        }
                        var lineFeed = span[position..].IndexOf((byte)'\n');
                        if (lineFeed < 0)
                        {
                            break;
                        }
                        position += lineFeed + 1;
                        lineNumber++;
                    }
                    offset += read;
                }
            }
            if (lineNumber != Events)
            {
                throw new InvalidDataException($"{Files.Envelopes}: holds {lineNumber} envelope lines, the manifest says {Events}");
            }
            marks = found;
            return marks;
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> into, long offset)
    {
        while (!into.IsEmpty)
        {
            var read = RandomAccess.Read(handle, into, offset);
            if (read <= 0)
            {
                throw new EndOfStreamException("envelope file is shorter than its manifest");
            }
            into = into[read..];
            offset += read;
        }
    }
}
