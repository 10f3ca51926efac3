namespace Vigil.Cli.Commands;

/// <summary>The options of `vigil query`.</summary>
public sealed record QueryCommandOptions
{
    public string TimestampField { get; init; } = "@timestamp";

    public string? TiebreakerField { get; init; }

    public string EventCategoryField { get; init; } = "event.category";

    public int? Size { get; init; }

    public int MaxSamplesPerKey { get; init; } = 1;

    /// <summary>Print ids (one line per event or sequence) instead of JSONL.</summary>
    public bool Ids { get; init; }

    public string IdField { get; init; } = "event.id";

    public bool CaseInsensitive { get; init; }
}
