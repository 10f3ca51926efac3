namespace Vigil.Cli.Commands;

/// <summary>
/// <c>--stats</c>' memory line: what the loaded rules hold (live bytes after a full collection, taken before the first
/// event), the managed heap and committed bytes at the end, and the process's peak working set, so the peak can be
/// told apart into rules and run state.
/// </summary>
internal sealed class MemoryReport
{
    private const double MiB = 1024 * 1024;
    private long loadedLive;

    /// <summary>After the rules are loaded and the session built: a full collection, then the live bytes.</summary>
    public void AfterLoading() => loadedLive = GC.GetTotalMemory(forceFullCollection: true);

    public void Write(TextWriter stderr)
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        stderr.WriteLine(
            $"memory: {loadedLive / MiB:F0} MiB live after loading the rules; at the end {GC.GetTotalMemory(false) / MiB:F0} MiB heap, " +
            $"{info.TotalCommittedBytes / MiB:F0} MiB committed, {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} gen0/1/2 collections, " +
            $"{info.PauseTimePercentage:F1}% paused; peak working set {process.PeakWorkingSet64 / MiB:F0} MiB");
    }
}
