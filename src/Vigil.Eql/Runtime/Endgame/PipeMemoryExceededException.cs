using Vigil.Eql.Compilation;

namespace Vigil.Eql.Runtime;

/// <summary>
/// A pipe that needs the whole input (sort, count, unique_count, tail, unique's keys) would hold more than the run's
/// pipe memory limit (<see cref="RunOptions.PipeMemoryBytes"/>). The run stops with this error rather than run out of
/// memory or give a cut result; the message names the pipe and its place in the query.
/// </summary>
public sealed class PipeMemoryExceededException : Exception
{
    public PipeMemoryExceededException(CompiledPipe pipe, int position, long limitBytes)
        : base($"{pipe.Span}: pipe {position} ('{pipe.Name}') holds more than {Describe(limitBytes)} of results or keys, " +
               $"the pipe memory limit; raise it (vigil query --pipe-memory) or narrow the input before the pipe (filter, head)")
    {
        Pipe = pipe;
        Position = position;
        LimitBytes = limitBytes;
    }

    /// <summary>The pipe that went over the limit.</summary>
    public CompiledPipe Pipe { get; }

    /// <summary>Its place among the query's pipes, from 1.</summary>
    public int Position { get; }

    public long LimitBytes { get; }

    private static string Describe(long bytes) => bytes % (1L << 20) == 0 && bytes >= 1L << 20
        ? $"{bytes >> 20} MiB"
        : $"{bytes} bytes";
}
