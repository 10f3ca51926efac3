namespace Vigil.Cli.Bench;

/// <summary>One timed pass over the events file.</summary>
public sealed record BenchPhaseResult(
    string Name, long Bytes, long Lines, TimeSpan Elapsed, long ParsedLines, long Matches, long BadLines)
{
    public double MegabytesPerSecond => Bytes / 1e6 / Elapsed.TotalSeconds;

    public double EventsPerSecond => Lines / Elapsed.TotalSeconds;
}
