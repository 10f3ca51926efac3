using System.Buffers;
using System.IO.Compression;

namespace Vigil.Events.Readers;

/// <summary>
/// The entry point for reading events: files, directories (recursively, in ordinal path order), or <c>-</c> for
/// standard input; gzip is recognised by its magic bytes and the format by the content (see
/// <see cref="FormatDetector"/>) unless <see cref="ReaderOptions.Format"/> says otherwise. Bad records are reported
/// to the sink with their place and reading goes on. Plain NDJSON lines are framed, not parsed: the projection step
/// parses each line anyway and reports the broken ones (<see cref="ReaderOptions.ValidateNdjson"/> parses them here).
/// </summary>
public static class InputReader
{
    /// <summary>The name that stands for standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>Reads every input in order into <paramref name="sink"/>.</summary>
    public static ReadSummary Read(IEnumerable<string> inputs, IRecordSink sink, ReaderOptions? options = null)
    {
        var total = default(ReadSummary);
        foreach (string input in inputs)
        {
            total += ReadPath(input, sink, options);
        }
        return total;
    }

    /// <summary>Reads one file, a directory's files, or standard input (<c>-</c>).</summary>
    public static ReadSummary ReadPath(string path, IRecordSink sink, ReaderOptions? options = null)
    {
        if (path == StandardInput)
        {
            using Stream stdin = Console.OpenStandardInput();
            return ReadStream(stdin, "<stdin>", sink, options);
        }
        if (Directory.Exists(path))
        {
            var total = default(ReadSummary);
            var listed = DirectoryWalker.List(path, (where, problem) => sink.Reject(new InputError(where, 0, null, problem)));
            foreach (string file in listed)
            {
                total += ReadPath(file, sink, options);
            }
            return total;
        }

        if (UsesChunks(options ?? ReaderOptions.Default) && TryReadMapped(path, sink, options ?? ReaderOptions.Default) is { } mapped)
        {
            return mapped;
        }

        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            sink.Reject(new InputError(path, 0, null, $"cannot open: {exception.Message}"));
            return new ReadSummary(0, 0, 1, 0);
        }
        using (stream)
        {
            return ReadStream(stream, path, sink, options);
        }
    }

    /// <summary>
    /// The files under <paramref name="directory"/>, recursively, ordered by path (ordinal); each real directory is
    /// walked once and each real file listed once, whatever symbolic links lead to them (see <see cref="DirectoryWalker"/>).
    /// </summary>
    public static IReadOnlyList<string> ListDirectory(string directory) => DirectoryWalker.List(directory, null);

    /// <summary>Reads one stream; <paramref name="sourceName"/> names it in origins and errors.</summary>
    public static ReadSummary ReadStream(Stream stream, string sourceName, IRecordSink sink, ReaderOptions? options = null)
    {
        options ??= ReaderOptions.Default;
        var counting = new CountingSink(sink);

        byte[] magic = new byte[2];
        int magicLength = FillOrReport(stream, magic, sourceName, counting);
        if (magicLength < 0)
        {
            return new ReadSummary(1, counting.Records, counting.Errors, 0);
        }
        Stream input = new PrefixedStream(magic, magicLength, stream);
        GzipTrailerWatcher? gzip = null;
        if (magicLength == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            gzip = new GzipTrailerWatcher(input);
            input = new GZipStream(gzip, CompressionMode.Decompress);
        }

        long bytes = 0;
        long skipped = 0;
        using (input)
        {
            InputFormat format = options.Format;
            byte[] head = ArrayPool<byte>.Shared.Rent(Math.Min(options.BufferBytes, 1 << 20));
            try
            {
                int headLength = FillOrReport(input, head, sourceName, counting);
                bool failed = headLength < 0;
                if (failed)
                {
                    headLength = -headLength - 1;
                }
                if (format == InputFormat.Auto)
                {
                    format = FormatDetector.Detect(head.AsSpan(0, headLength), headLength < head.Length, options.MaxDepth);
                }
                var rest = new PrefixedStream(head, headLength, failed ? Stream.Null : input);
                Func<long, string?>? endCheck = gzip is null || failed ? null : gzip.CheckComplete;
                if (format == InputFormat.Json)
                {
                    bytes = new DocumentStreamReader(sourceName, counting, options).Read(rest, endCheck);
                }
                else if (format == InputFormat.Ndjson && UsesChunks(options))
                {
                    var chunked = new ChunkedNdjsonReader(sourceName, counting, options);
                    bytes = chunked.Read(rest, endCheck);
                    skipped = chunked.Skipped;
                }
                else
                {
                    bytes = new LineFramer(sourceName, counting, options, format).Read(rest, endCheck);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(head);
            }
        }
        return new ReadSummary(1, counting.Records, counting.Errors, bytes, skipped);
    }

    /// <summary>Whether plain NDJSON goes through the chunked reader (prefilter, worker filter or threads).</summary>
    private static bool UsesChunks(ReaderOptions options) =>
        options.Prefilter is not null || options.WorkerFilter is not null || options.Threads > 1;

    /// <summary>
    /// Reads a plain (not gzip) NDJSON file through a memory mapping, scanned in place; null when the file is not
    /// such a file or cannot be mapped, and the stream path reads it.
    /// </summary>
    private static ReadSummary? TryReadMapped(string path, IRecordSink sink, ReaderOptions options)
    {
        if (options.Format is not (InputFormat.Auto or InputFormat.Ndjson) || !File.Exists(path))
        {
            return null;
        }
        using var file = MappedFile.TryOpen(path);
        if (file is null || file.Length < 2)
        {
            return null;
        }
        using (var headView = file.Map(0, (int)Math.Min(file.Length, 1 << 20)))
        {
            var head = headView.Bytes;
            if (head[0] == 0x1F && head[1] == 0x8B)
            {
                return null;
            }
            if (options.Format == InputFormat.Auto && FormatDetector.Detect(head, head.Length == file.Length, options.MaxDepth) != InputFormat.Ndjson)
            {
                return null;
            }
        }
        var counting = new CountingSink(sink);
        var reader = new ChunkedNdjsonReader(path, counting, options);
        var bytes = reader.ReadMapped(file);
        return new ReadSummary(1, counting.Records, counting.Errors, bytes, reader.Skipped);
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> is full or the input ends; when reading fails, reports it and returns
    /// <c>-(bytes read) - 1</c> so the bytes that did arrive are still framed.
    /// </summary>
    private static int FillOrReport(Stream stream, byte[] buffer, string sourceName, IRecordSink sink)
    {
        int length = 0;
        try
        {
            while (length < buffer.Length)
            {
                int read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
            return length;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            sink.Reject(new InputError(sourceName, 1 + buffer.AsSpan(0, length).Count((byte)'\n'), null,
                $"input could not be read to its end ({exception.Message}); the rest is lost"));
            return -length - 1;
        }
    }
}
