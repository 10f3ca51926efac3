namespace Vigil.Events.Readers;

/// <summary>What <see cref="RecordInspector"/> learned about one JSON object.</summary>
internal struct RecordInspection
{
    /// <summary>Offset (within the inspected value) of the <c>_source</c> object, or -1 when there is none.</summary>
    public int SourceStart;

    /// <summary>Exclusive end of the <c>_source</c> object.</summary>
    public int SourceEnd;

    /// <summary>Length of the unescaped <c>_index</c> written to the index scratch buffer; -1 when absent.</summary>
    public int IndexLength;

    /// <summary>Length of the unescaped <c>_id</c> written to the id scratch buffer; -1 when absent.</summary>
    public int IdLength;

    /// <summary>The first top-level property name when it names a bulk action (index, create, delete, update).</summary>
    public BulkAction Action;

    /// <summary>Number of top-level properties.</summary>
    public int PropertyCount;

    /// <summary>Where the value is broken: 0-based line and byte-in-line relative to the value's start.</summary>
    public long ErrorLine;

    public long ErrorByteInLine;

    public string? Error;
}
