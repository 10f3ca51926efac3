namespace Vigil.Cli.Bench;

/// <summary>
/// Reads a file in large chunks that end on a line boundary (the tail of a partial line is carried into the next
/// chunk), so that scanners can work on many lines at once. One buffer, reused; a line longer than the buffer
/// grows it.
/// </summary>
public sealed class LineChunkReader(string path, int chunkBytes)
{
    /// <summary>Calls <paramref name="onChunk"/> with each chunk of whole lines (the last line may lack its line feed).</summary>
    public long ReadAll(ChunkHandler onChunk)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[chunkBytes];
        var filled = 0;
        long total = 0;
        long firstLine = 1;
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = file.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            total += read;
            if (read == 0)
            {
                if (filled > 0)
                {
                    onChunk(buffer.AsSpan(0, filled), firstLine);
                }
                return total;
            }
            var lastLineFeed = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
            if (lastLineFeed < 0)
            {
                continue;
            }
            var chunk = buffer.AsSpan(0, lastLineFeed + 1);
            onChunk(chunk, firstLine);
            firstLine += System.MemoryExtensions.Count(chunk, (byte)'\n');
            var rest = filled - (lastLineFeed + 1);
            buffer.AsSpan(lastLineFeed + 1, rest).CopyTo(buffer);
            filled = rest;
        }
    }
}

/// <summary>Receives one chunk of whole lines and the 1-based number of its first line.</summary>
public delegate void ChunkHandler(ReadOnlySpan<byte> chunk, long firstLine);
