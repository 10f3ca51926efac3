using System.IO.MemoryMappedFiles;

namespace Vigil.Events.Readers;

/// <summary>
/// A file opened for memory mapping, read-only, so the chunked reader scans the page cache in place instead of
/// copying the file into buffers (the copy costs about as much as a literal sweep). Each chunk maps its own view and
/// unmaps it once delivered, so the process only ever holds the chunks in flight, not the whole file.
/// </summary>
internal sealed class MappedFile : IDisposable
{
    private readonly MemoryMappedFile map;

    private MappedFile(MemoryMappedFile map, long length)
    {
        this.map = map;
        Length = length;
    }

    public long Length { get; }

    /// <summary>
    /// A file written to this recently may still be growing or about to be truncated by log rotation; a mapped file
    /// that shrinks under the reader kills the process (SIGBUS), so such a file is read as a stream instead.
    /// </summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(30);

    /// <summary>Opens <paramref name="path"/> for mapping; null when it cannot or should not be mapped (then it is read as a stream).</summary>
    public static MappedFile? TryOpen(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var length = info.Length;
            if (length == 0 || DateTime.UtcNow - info.LastWriteTimeUtc < QuietPeriod)
            {
                return null;
            }
            return new MappedFile(MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read), length);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Maps [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>); dispose it to unmap.</summary>
    public MappedView Map(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        return new MappedView(map.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read), length);
    }

    public void Dispose() => map.Dispose();
}
