namespace Vigil.Server.Store;

/// <summary>How <see cref="SegmentEventStore"/> rotates, groups writes and defers deletion; the defaults suit a service.</summary>
public sealed record SegmentStoreOptions
{
    /// <summary>The active segment is sealed once it holds this many bytes of events (64 MB).</summary>
    public long MaxSegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The active segment is sealed once it is this old, even if small (1 minute).</summary>
    public TimeSpan MaxSegmentAge { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A segment removed by retention is unlinked only this long after <see cref="SegmentEventStore.Overlapping"/>
    /// last handed it out, so a reader that has it in hand but has not opened it yet still finds its files.
    /// </summary>
    public TimeSpan DeletionGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>One group commit writes at most about this many bytes; more waiting appends go into the next group.</summary>
    public int MaxGroupBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// The events file is written with O_DIRECT from the store's aligned buffer, skipping the kernel's copy into the
    /// page cache (on file systems that allow it; others get ordinary writes). Off: every write goes through the page
    /// cache, which keeps recently written segments cached for the rules' reads.
    /// </summary>
    public bool DirectWrites { get; init; } = true;

    /// <summary>Real time for segment age and deletion grace; tests pass their own.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>One line per notable event (recovery, quarantine, write failure).</summary>
    public Action<string> Log { get; init; } = static _ => { };

    public static SegmentStoreOptions Default { get; } = new();
}
