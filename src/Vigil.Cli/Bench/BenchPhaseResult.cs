namespace Vigil.Cli.Bench;

/// <summary>One timed pass over the events file.</summary>
public sealed record BenchPhaseResult(
    string Name, long Bytes, long Lines, TimeSpan Elapsed, TimeSpan CpuTime, long ParsedLines, long Matches, long BadLines)
{
    public double MegabytesPerSecond => Bytes / 1e6 / Elapsed.TotalSeconds;

    /// <summary>Bytes per second of processor time: steadier than wall time on a busy machine.</summary>
    public double MegabytesPerCpuSecond => Bytes / 1e6 / CpuTime.TotalSeconds;

    public double EventsPerSecond => Lines / Elapsed.TotalSeconds;
}
