using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Vigil.Events.Readers;

/// <summary>
/// A file mapped into memory, read-only, so the chunked reader scans the page cache in place instead of copying the
/// file into buffers (the copy costs about as much as a literal sweep). Pieces of it are handed out as
/// <see cref="ReadOnlyMemory{T}"/> of at most 2 GiB each; they are valid until the file is disposed.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile map;
    private readonly MemoryMappedViewAccessor view;
    private readonly byte* start;

    private MappedFile(MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        this.map = map;
        this.view = view;
        Length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        start = pointer + view.PointerOffset;
    }

    public long Length { get; }

    /// <summary>Maps <paramref name="path"/>; null when it cannot be mapped (then it is read as a stream).</summary>
    public static MappedFile? TryOpen(string path)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length == 0)
            {
                return null;
            }
            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            try
            {
                var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                return new MappedFile(map, view, length);
            }
            catch
            {
                map.Dispose();
                throw;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The bytes at [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>).</summary>
    public ReadOnlyMemory<byte> Slice(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        return new Piece(start + offset, length).Memory;
    }

    /// <summary>The bytes at <paramref name="offset"/> as a span (at most 2 GiB).</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        return new ReadOnlySpan<byte>(start + offset, length);
    }

    public void Dispose()
    {
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        map.Dispose();
    }

    /// <summary>One piece of the mapping as memory (one object per chunk, not per line).</summary>
    private sealed class Piece(byte* pointer, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
