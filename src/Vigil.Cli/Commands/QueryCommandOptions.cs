using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;

namespace Vigil.Cli.Commands;

/// <summary>The options of `vigil query`.</summary>
public sealed record QueryCommandOptions
{
    public string TimestampField { get; init; } = "@timestamp";

    /// <summary>The query language: <c>eql</c> or <c>kuery</c> (KQL).</summary>
    public string Language { get; init; } = "eql";

    public string? TiebreakerField { get; init; }

    public string EventCategoryField { get; init; } = "event.category";

    public int? Size { get; init; }

    public int MaxSamplesPerKey { get; init; } = 1;

    /// <summary>Print ids (one line per event or sequence) instead of JSONL.</summary>
    public bool Ids { get; init; }

    public string IdField { get; init; } = "event.id";

    public bool CaseInsensitive { get; init; }

    /// <summary>The Endgame (Python EQL) dialect (<c>--dialect endgame</c>); its strings compare case-insensitively.</summary>
    public bool Endgame { get; init; }

    /// <summary>Endgame definitions files (<c>--definitions</c>), read in order.</summary>
    public IReadOnlyList<string> DefinitionFiles { get; init; } = [];

    /// <summary>Events in input order, not sorted by timestamp (the Python engine's way; Endgame's default).</summary>
    public bool InputOrder { get; init; }

    /// <summary>The fields lineage reads (Endgame's unique_pid/unique_ppid or ECS's entity ids).</summary>
    public LineageFields Lineage { get; init; } = LineageFields.Endgame;

    /// <summary>Sequences: how much event time an event waits in the reorder buffer (scan's --reorder-window).</summary>
    public TimeSpan ReorderWindow { get; init; } = ReorderOptions.Default.Window;

    /// <summary>Sequences: the most events the reorder buffer holds before releasing early.</summary>
    public int ReorderMaxEvents { get; init; } = ReorderOptions.Default.MaxEvents;

    /// <summary>Parse every NDJSON line, not only the candidates, so any broken line the query cannot match is reported too.</summary>
    public bool ValidateJson { get; init; }

    /// <summary>Threads that scan NDJSON input (results do not depend on it).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Inputs of a known total size below this are parsed whole, without building a prefilter (start-up cost).</summary>
    public long PrefilterMinBytes { get; init; } = 1 << 20;

    /// <summary>How the query is compiled: the fields, case folding, dialect and lineage these options name.</summary>
    /// <summary>Endgame pipes: the most bytes sort, count, unique_count, tail and unique's keys may hold (null: the default).</summary>
    public long? PipeMemoryBytes { get; init; }

    public CompileOptions ToCompileOptions() => new()
    {
        TimestampField = TimestampField,
        TiebreakerField = TiebreakerField,
        EventCategoryField = EventCategoryField,
        CaseInsensitiveEquality = CaseInsensitive,
        EndgameDialect = Endgame,
        Lineage = Lineage,
    };
}
