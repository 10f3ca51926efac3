namespace Vigil.Events.Readers;

/// <summary>Limits and choices for reading inputs; the defaults suit Elastic exports.</summary>
public sealed record ReaderOptions
{
    /// <summary>The format to assume instead of detecting it from the content.</summary>
    public InputFormat Format { get; init; } = InputFormat.Auto;

    /// <summary>A record (line or array element) longer than this is reported and skipped.</summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>JSON nesting deeper than this is reported, wherever the framer parses.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Whole-document inputs (<see cref="InputFormat.Json"/>) are held in memory up to this size.</summary>
    public long MaxDocumentBytes { get; init; } = 1L << 30;

    /// <summary>Size of the pooled read buffer.</summary>
    public int BufferBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Also parse every plain NDJSON line (structure and depth). Off by default: the projection step parses each
    /// line anyway and reports what it cannot read, so validating twice would only cost time.
    /// </summary>
    public bool ValidateNdjson { get; init; }

    /// <summary>Shared default options.</summary>
    public static ReaderOptions Default { get; } = new();
}
