namespace Vigil.Eql.Runtime;

/// <summary>Request options of a run, as ES's EQL search request has them.</summary>
public sealed record RunOptions
{
    /// <summary>The most events, sequences or samples returned (ES's size); null for no limit.</summary>
    public int? Size { get; init; }

    /// <summary>Samples per join key (ES's max_samples_per_key).</summary>
    public int MaxSamplesPerKey { get; init; } = 1;

    /// <summary>Every how many events the sequence matcher drops state that maxspan has expired.</summary>
    public int StatePurgeInterval { get; init; } = 4096;

    /// <summary>
    /// The memory budget for sequence state (shared when several runs are given the same one); null gives each run
    /// its own budget of <see cref="StateBudget.DefaultBytes"/>.
    /// </summary>
    public StateBudget? StateBudget { get; init; }

    /// <summary>
    /// Take events in input order, as the Python EQL engine does, instead of sorting them by timestamp: an event
    /// without a readable timestamp then takes part too (with time 0 for maxspan). For Endgame data whose time is a
    /// Windows FILETIME.
    /// </summary>
    public bool InputOrder { get; init; }

    /// <summary>
    /// Endgame pipes: the most bytes the pipes that need the whole input (sort, count, unique_count, tail, unique's
    /// keys) may hold; past it the run stops with <see cref="PipeMemoryExceededException"/>. Null for
    /// <see cref="EndgamePipeStream.DefaultMemoryBytes"/>.
    /// </summary>
    public long? PipeMemoryBytes { get; init; }

    public static RunOptions Default { get; } = new();
}
