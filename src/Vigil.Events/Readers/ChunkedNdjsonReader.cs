using System.Collections.Concurrent;

namespace Vigil.Events.Readers;

/// <summary>
/// Reads plain NDJSON in large chunks of whole lines and has worker threads scan them (<see cref="NdjsonChunkScanner"/>:
/// prefilter, line checks, worker filter) while the calling thread reads ahead and delivers the scanned chunks to the
/// sink strictly in input order. The sink therefore sees exactly what the line-by-line framer would give it, minus
/// the lines that cannot match, whatever the number of threads; only the work before the sink runs in parallel.
/// </summary>
/// <remarks>
/// Chunks end after a line feed; the unfinished line is carried into the next chunk's buffer. Line numbers are
/// counted per chunk by the worker and made absolute at delivery. Memory: at most two chunks per thread plus one
/// being filled, each <see cref="ReaderOptions.ChunkBytes"/> (a line longer than that grows its buffer up to the
/// record limit), whatever the input's size.
/// </remarks>
internal sealed class ChunkedNdjsonReader
{
    private readonly string source;
    private readonly CountingSink sink;
    private readonly ReaderOptions options;
    private readonly int threads;
    private readonly Stack<NdjsonChunk> free = new();
    private readonly Queue<NdjsonChunk> inFlight = new();
    private readonly List<Thread> workers = [];
    private BlockingCollection<NdjsonChunk>? work;
    private NdjsonChunkScanner? inlineScanner;
    private Prefilter.LinePrefilter? prefilter;
    private bool started;
    private long nextLine = 1;
    private long skipped;

    public ChunkedNdjsonReader(string source, CountingSink sink, ReaderOptions options)
    {
        this.source = source;
        this.sink = sink;
        this.options = options;
        threads = Math.Clamp(options.Threads, 1, 64);
        prefilter = options.Prefilter;
    }

    /// <summary>Records read but not delivered (prefilter or worker filter).</summary>
    public long Skipped => skipped;

    /// <summary>Reads the stream to its end; returns the number of bytes read (see <see cref="LineFramer.Read"/>).</summary>
    public long Read(Stream stream, Func<long, string?>? endCheck)
    {
        try
        {
            return ReadChunks(stream, endCheck);
        }
        finally
        {
            StopWorkers();
        }
    }

    /// <summary>
    /// Reads a memory-mapped file: chunks are pieces of the mapping cut after a line feed, scanned in place, so
    /// nothing is copied. A line longer than a chunk makes its chunk longer (the scanner reports it if it is over the
    /// record limit). Returns the file's length.
    /// </summary>
    public long ReadMapped(MappedFile file)
    {
        try
        {
            var chunkBytes = Math.Max(options.ChunkBytes, 16);
            long offset = 0;
            while (offset < file.Length)
            {
                var length = (int)Math.Min(chunkBytes, file.Length - offset);
                var view = file.Map(offset, length);
                var cut = length;
                if (offset + length < file.Length)
                {
                    var lastLineFeed = view.Bytes.LastIndexOf((byte)'\n');
                    if (lastLineFeed >= 0)
                    {
                        cut = lastLineFeed + 1;
                    }
                    else
                    {
                        // No line ends in this stretch: the chunk runs to the end of that line, however long (the
                        // mapping needs no buffer); the scanner reports it if it is over the record limit.
                        ((IDisposable)view).Dispose();
                        cut = LineLength(file, offset);
                        view = file.Map(offset, cut);
                    }
                }
                var chunk = Rent(0);
                chunk.IsMapped = true;
                chunk.View = view;
                chunk.Mapped = view.Memory[..cut];
                chunk.Offset = offset;
                chunk.IsFirst = offset == 0;
                Dispatch(chunk);
                offset += cut;
            }
            return Finish(file.Length);
        }
        finally
        {
            StopWorkers();
        }
    }

    /// <summary>Bytes from <paramref name="offset"/> through the next line feed (or the end; at most 1 GiB).</summary>
    private static int LineLength(MappedFile file, long offset)
    {
        var search = offset;
        while (search < file.Length && search - offset < int.MaxValue / 2)
        {
            var window = (int)Math.Min(file.Length - search, 64 << 20);
            using var view = file.Map(search, window);
            var lineFeed = view.Bytes.IndexOf((byte)'\n');
            if (lineFeed >= 0)
            {
                return (int)(search + lineFeed + 1 - offset);
            }
            search += window;
        }
        return (int)(Math.Min(search, file.Length) - offset);
    }

    private long ReadChunks(Stream stream, Func<long, string?>? endCheck)
    {
        var chunkBytes = Math.Max(options.ChunkBytes, 16);
        var current = Rent(chunkBytes);
        current.IsFirst = true;
        var filled = 0;
        while (true)
        {
            if (filled == current.Buffer.Length)
            {
                var lastLineFeed = current.Buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
                if (lastLineFeed >= 0)
                {
                    var next = Rent(chunkBytes);
                    var tail = filled - (lastLineFeed + 1);
                    EnsureCapacity(next, Math.Max(chunkBytes, tail + 1));
                    current.Buffer.AsSpan(lastLineFeed + 1, tail).CopyTo(next.Buffer);
                    next.Offset = current.Offset + lastLineFeed + 1;
                    current.Length = lastLineFeed + 1;
                    Dispatch(current);
                    current = next;
                    filled = tail;
                }
                else if (current.Buffer.Length < options.MaxRecordBytes + 1L)
                {
                    var larger = GC.AllocateUninitializedArray<byte>((int)Math.Min((long)current.Buffer.Length * 2, options.MaxRecordBytes + 1L));
                    current.Buffer.AsSpan(0, filled).CopyTo(larger);
                    current.Buffer = larger;
                }
                else
                {
                    // One line is longer than the limit: report it once and drop its bytes up to its line feed.
                    var (rest, restLength, dropped, ended, readProblem) = SkipOverlongLine(stream, current, filled, chunkBytes);
                    current.IsMarker = true;
                    current.Length = 0;
                    current.AddError(0, null, $"line is longer than the limit of {options.MaxRecordBytes} bytes; skipped");
                    current.LineFeeds = ended ? 1 : 0;
                    var afterOffset = current.Offset + dropped;
                    Dispatch(current);
                    if (readProblem is not null)
                    {
                        var marker = Rent(0);
                        marker.IsMarker = true;
                        marker.AddError(0, null, readProblem);
                        Dispatch(marker);
                    }
                    if (rest is null)
                    {
                        return Finish(afterOffset);
                    }
                    current = rest;
                    current.Offset = afterOffset;
                    filled = restLength;
                    continue;
                }
            }

            int read;
            try
            {
                read = stream.Read(current.Buffer, filled, current.Buffer.Length - filled);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException)
            {
                return EndWithProblem(current, filled, $"input could not be read to its end ({exception.Message}); the rest is lost");
            }
            if (read > 0)
            {
                filled += read;
                continue;
            }
            var problem = endCheck?.Invoke(current.Offset + filled);
            if (problem is not null)
            {
                return EndWithProblem(current, filled, problem);
            }
            current.Length = filled;
            var total = current.Offset + filled;
            Dispatch(current);
            return Finish(total);
        }
    }

    /// <summary>The input ended badly: complete lines still go through, the unfinished last one is reported.</summary>
    private long EndWithProblem(NdjsonChunk current, int filled, string problem)
    {
        var lastLineFeed = current.Buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
        var total = current.Offset + filled;
        var marker = Rent(0);
        marker.IsMarker = true;
        marker.AddError(0, null, problem);
        if (filled > lastLineFeed + 1)
        {
            marker.AddError(0, null, "last line is incomplete; skipped");
        }
        current.Length = lastLineFeed + 1;
        Dispatch(current);
        Dispatch(marker);
        return Finish(total);
    }

    /// <summary>
    /// Reads past the rest of an over-long line. Returns a chunk holding what follows its line feed (null at the
    /// end of the input), the bytes dropped, and whether a line feed ended it.
    /// </summary>
    private (NdjsonChunk? Remainder, int RemainderLength, long Dropped, bool Ended, string? ReadProblem) SkipOverlongLine(Stream stream, NdjsonChunk current, int filled, int chunkBytes)
    {
        long dropped = 0;
        var buffer = current.Buffer;
        var length = filled;
        while (true)
        {
            var lineFeed = buffer.AsSpan(0, length).IndexOf((byte)'\n');
            if (lineFeed >= 0)
            {
                var rest = Rent(chunkBytes);
                var restLength = length - (lineFeed + 1);
                EnsureCapacity(rest, Math.Max(chunkBytes, restLength + 1));
                buffer.AsSpan(lineFeed + 1, restLength).CopyTo(rest.Buffer);
                return (rest, restLength, dropped + lineFeed + 1, true, null);
            }
            dropped += length;
            int read;
            try
            {
                read = stream.Read(buffer, 0, buffer.Length);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException)
            {
                return (null, 0, dropped, false, $"input could not be read to its end ({exception.Message}); the rest is lost");
            }
            if (read == 0)
            {
                return (null, 0, dropped, false, null);
            }
            length = read;
        }
    }

    private void Dispatch(NdjsonChunk chunk)
    {
        if (!started)
        {
            Start(chunk);
        }
        if (chunk.IsMarker)
        {
            chunk.Scanned.Set();
        }
        else if (work is null)
        {
            inlineScanner!.Scan(chunk);
            chunk.Scanned.Set();
        }
        else
        {
            work.Add(chunk);
        }
        inFlight.Enqueue(chunk);
        // Deliver what is ready; wait for the oldest when the read-ahead is used up.
        var limit = work is null ? 0 : threads * 2;
        while (inFlight.Count > 0 && (inFlight.Count > limit || inFlight.Peek().Scanned.IsSet))
        {
            Deliver(inFlight.Dequeue());
        }
    }

    private long Finish(long total)
    {
        while (inFlight.Count > 0)
        {
            Deliver(inFlight.Dequeue());
        }
        return total;
    }

    /// <summary>The first chunk chooses the prefilter's anchors from real data, then the scanners start.</summary>
    private void Start(NdjsonChunk firstChunk)
    {
        started = true;
        if (prefilter is not null && !firstChunk.IsMarker)
        {
            prefilter = prefilter.Calibrate(firstChunk.Data, mayPassEverything: false);
        }
        if (threads == 1)
        {
            inlineScanner = new NdjsonChunkScanner(prefilter, options.WorkerFilter?.Invoke(), options);
            return;
        }
        work = new BlockingCollection<NdjsonChunk>(new ConcurrentQueue<NdjsonChunk>(), threads * 2);
        for (var i = 0; i < threads; i++)
        {
            var scanner = new NdjsonChunkScanner(prefilter, options.WorkerFilter?.Invoke(), options);
            var queue = work;
            var thread = new Thread(() => ScanLoop(queue, scanner))
            {
                IsBackground = true,
                Name = $"vigil-reader-{i + 1}",
            };
            workers.Add(thread);
            thread.Start();
        }
    }

    private static void ScanLoop(BlockingCollection<NdjsonChunk> queue, NdjsonChunkScanner scanner)
    {
        foreach (var chunk in queue.GetConsumingEnumerable())
        {
            try
            {
                scanner.Scan(chunk);
            }
            catch (Exception exception)
            {
                chunk.Failure = exception;
            }
            finally
            {
                chunk.Scanned.Set();
            }
        }
    }

    private void Deliver(NdjsonChunk chunk)
    {
        chunk.Scanned.Wait();
        if (chunk.Failure is { } failure)
        {
            throw new InvalidOperationException($"{source}: scanning lines {nextLine}.. failed: {failure.Message}", failure);
        }
        var buffer = chunk.Data;
        foreach (var entry in chunk.Entries)
        {
            if (entry.Start < 0)
            {
                var error = chunk.Errors[entry.Length];
                sink.Reject(new InputError(source, nextLine + error.Line, error.Column, error.Reason));
                continue;
            }
            var origin = new RecordOrigin(source, nextLine + entry.Line, chunk.Offset + entry.Start);
            var record = buffer.Slice(entry.Start, entry.Length);
            if (options.WorkerFilter is not null)
            {
                sink.AcceptTagged(origin, record, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chunk.Tags).Slice(entry.TagStart, entry.TagCount));
            }
            else
            {
                sink.Accept(origin, record, default, default);
            }
        }
        nextLine += chunk.LineFeeds;
        if (chunk.Skipped > 0 || !chunk.IsMarker)
        {
            skipped += chunk.Skipped;
            sink.Skipped(chunk.Skipped, chunk.Offset + chunk.Data.Length);
        }
        chunk.Reset();
        free.Push(chunk);
    }

    private NdjsonChunk Rent(int bytes)
    {
        var chunk = free.Count > 0 ? free.Pop() : new NdjsonChunk();
        chunk.Reset();
        EnsureCapacity(chunk, bytes);
        return chunk;
    }

    private static void EnsureCapacity(NdjsonChunk chunk, int bytes)
    {
        if (chunk.Buffer.Length < bytes)
        {
            chunk.Buffer = GC.AllocateUninitializedArray<byte>(bytes);
        }
    }

    private void StopWorkers()
    {
        if (work is null)
        {
            return;
        }
        work.CompleteAdding();
        foreach (var worker in workers)
        {
            worker.Join();
        }
        work.Dispose();
        work = null;
    }
}
