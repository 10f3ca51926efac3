using System.Buffers.Binary;

namespace Vigil.Events.Readers;

/// <summary>
/// Watches the compressed bytes go by and keeps the last eight, the gzip trailer (CRC-32 and ISIZE). .NET's
/// <c>GZipStream</c> ends quietly when a file is cut short, so a truncated .gz is recognised by comparing ISIZE with
/// the number of bytes that came out.
/// </summary>
internal sealed class GzipTrailerWatcher(Stream inner) : Stream
{
    private readonly byte[] _tail = new byte[8];
    private long _total;

    /// <summary>
    /// Null when <paramref name="decompressedBytes"/> agrees with the trailer, else why the input looks truncated.
    /// Concatenated (multi-member) gzip files carry only the last member's size, so a trailer size below the total
    /// is accepted (a cut-off file passes that test only by a chance of about total / 2^32).
    /// </summary>
    public string? CheckComplete(long decompressedBytes)
    {
        if (_total < 18)
        {
            return "compressed input is truncated (shorter than a gzip header and trailer)";
        }
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(_tail.AsSpan(4));
        if (size == (uint)decompressedBytes || (size > 0 && size < decompressedBytes))
        {
            return null;
        }
        return $"compressed input is truncated or corrupt: its trailer promises {size} bytes but {decompressedBytes} came out";
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        if (read >= 8)
        {
            buffer.Slice(read - 8, 8).CopyTo(_tail);
        }
        else if (read > 0)
        {
            _tail.AsSpan(read).CopyTo(_tail);
            buffer[..read].CopyTo(_tail.AsSpan(8 - read));
        }
        _total += read;
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
