namespace Vigil.Events.Readers;

/// <summary>
/// Reads a live stream (a followed file, a pipe) record by record as bytes arrive: no format sniffing over a first
/// buffer (which would wait for a megabyte or the end), no gzip, no memory mapping; NDJSON (or _bulk, given in
/// <see cref="ReaderOptions.Format"/>) lines reach the sink as soon as their newline is read.
/// </summary>
public static class LiveInputReader
{
    /// <summary>Reads until the stream ends (a followed file ends when its follower is cancelled).</summary>
    public static ReadSummary Read(Stream stream, string sourceName, IRecordSink sink, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= ReaderOptions.Default;
        var format = options.Format is InputFormat.Bulk ? InputFormat.Bulk : InputFormat.Ndjson;
        var counting = new CountingSink(sink);
        var bytes = new LineFramer(sourceName, counting, options, format).Read(stream);
        return new ReadSummary(1, counting.Records, counting.Errors, bytes);
    }
}
