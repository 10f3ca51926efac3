using System.Diagnostics;

namespace Vigil.Cli.Bench;

/// <summary>One timed child process: wall time, exit code, and its peak resident memory (VmHWM), or a timeout.</summary>
public sealed record ChildRun(TimeSpan Elapsed, int ExitCode, long PeakBytes, bool TimedOut, string Error)
{
    /// <summary>
    /// Runs the command and samples /proc/&lt;pid&gt;/status while it runs: VmHWM only grows, and the file is gone once
    /// the process has exited, so the last sample is the peak (a child shorter than one sample reports what it had).
    /// </summary>
    public static ChildRun Start(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["NO_COLOR"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        long peak = 0;
        var statusPath = $"/proc/{process.Id}/status";
        while (!process.WaitForExit(20))
        {
            peak = Math.Max(peak, ReadHighWaterMark(statusPath));
            if (clock.Elapsed > timeout)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new ChildRun(clock.Elapsed, -1, peak, true, "");
            }
        }
        var elapsed = clock.Elapsed;
        _ = output.Result;
        return new ChildRun(elapsed, process.ExitCode, peak, false, error.Result);
    }

    private static long ReadHighWaterMark(string statusPath)
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The child exited between the wait and the read: keep the previous sample.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
