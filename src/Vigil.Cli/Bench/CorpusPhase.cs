using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Cli.Bench;

/// <summary>
/// The <c>--corpus</c> phase of <c>vigil bench</c>: the whole rule set as child <c>vigil scan</c> processes of this
/// binary over the bench's events file, each figure a ratio to the tokenize-only pass of the same file in the same run
/// (issue 14's goals 1, 2, 3, 5 and 6). Whole processes, because start-up, JIT and delivery are part of what a user waits for.
/// </summary>
public sealed class CorpusPhase(string eventsPath, IReadOnlyList<string> corpusDirs, TimeSpan timeout)
{
    private const long MemoryGoalBytes = 256L * 1024 * 1024;

    /// <summary>Runs the children and returns the table's rows; <paramref name="progress"/> hears each child as it ends.</summary>
    public IReadOnlyList<CorpusGoal> Run(BenchPhaseResult tokenize, Action<string> progress)
    {
        var bytes = new FileInfo(eventsPath).Length;
        var tokenizeMbps = tokenize.MegabytesPerSecond;
        var rows = new List<CorpusGoal>();
        var oneLine = Path.Combine(Path.GetTempPath(), $"vigil-bench-first-{Environment.ProcessId}.ndjson");
        try
        {
            File.WriteAllText(oneLine, FirstLine() + "\n");
            var startup = Scan(oneLine, ["--threads", "1"], "start-up (one-line file)", progress);
            rows.Add(!Usable(startup)
                ? Failed("1. start-up, whole corpus, to the first event", "<= 1 s", startup)
                : new CorpusGoal("1. start-up, whole corpus, to the first event", Seconds(startup.Elapsed), "<= 1 s", startup.Elapsed.TotalSeconds <= 1));
        }
        finally
        {
            File.Delete(oneLine);
        }

        var one = Scan(eventsPath, ["--threads", "1"], "hunt, 1 thread", progress);
        rows.Add(ThroughputRow("2. all rules, one pass hunt, 1 thread", one, bytes, tokenizeMbps, 0.5));
        rows.Add(!Usable(one)
            ? Failed("3. peak memory, hunt, 1 thread", "<= 256 MiB", one)
            : new CorpusGoal("3. peak memory, hunt, 1 thread", Mebibytes(one.PeakBytes), "<= 256 MiB", one.PeakBytes <= MemoryGoalBytes));

        var two = Scan(eventsPath, ["--threads", "2"], "hunt, 2 threads", progress);
        rows.Add(Usable(one) && Usable(two)
            ? new CorpusGoal("5. two threads vs one, hunt", string.Create(CultureInfo.InvariantCulture,
                $"{one.Elapsed.TotalSeconds / two.Elapsed.TotalSeconds:F2}x ({Seconds(two.Elapsed)}, {Mebibytes(two.PeakBytes)})"),
                ">= 1.70x", one.Elapsed.TotalSeconds / two.Elapsed.TotalSeconds >= 1.7)
            : Failed("5. two threads vs one, hunt", ">= 1.70x", Usable(two) ? one : two));

        var now = LastEventTime().AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var schedule = Scan(eventsPath, ["--schedule", "--now", now, "--threads", "1"], "schedule", progress);
        rows.Add(ThroughputRow("6. --schedule, throughput", schedule, bytes, tokenizeMbps, 0.25));
        rows.Add(Usable(schedule)
            ? new CorpusGoal("6. --schedule, peak memory", Mebibytes(schedule.PeakBytes), "<= 256 MiB", schedule.PeakBytes <= MemoryGoalBytes)
            : Failed("6. --schedule, peak memory", "<= 256 MiB", schedule));
        return rows;
    }

    /// <summary>The table, one row a goal: goal, measured, target, verdict.</summary>
    public static string Format(IReadOnlyList<CorpusGoal> rows)
    {
        var text = new StringBuilder();
        var goalWidth = Math.Max(4, rows.Max(r => r.Goal.Length));
        var measuredWidth = Math.Max(8, rows.Max(r => r.Measured.Length));
        text.AppendLine($"{"goal".PadRight(goalWidth)}  {"measured".PadRight(measuredWidth)}  {"target",-12}  result");
        foreach (var row in rows)
        {
            text.AppendLine($"{row.Goal.PadRight(goalWidth)}  {row.Measured.PadRight(measuredWidth)}  {row.Target,-12}  {row.Verdict}");
        }
        return text.ToString();
    }

    private static bool Usable(ChildRun run) => !run.TimedOut && run.ExitCode is 0 or 1;

    private CorpusGoal ThroughputRow(string goal, ChildRun run, long bytes, double tokenizeMbps, double target)
    {
        var targetText = string.Create(CultureInfo.InvariantCulture, $">= {target:F2}x");
        if (!Usable(run))
        {
            return Failed(goal, targetText, run);
        }
        var mbps = bytes / 1e6 / run.Elapsed.TotalSeconds;
        var ratio = mbps / tokenizeMbps;
        return new CorpusGoal(goal, string.Create(CultureInfo.InvariantCulture,
            $"{ratio:F3}x ({mbps:F1} MB/s, {Seconds(run.Elapsed)})"), targetText, ratio >= target);
    }

    private CorpusGoal Failed(string goal, string target, ChildRun run) => new(goal,
        run.TimedOut ? $"did not finish in {TimeoutText} s" : $"scan failed (exit {run.ExitCode}): {FirstErrorLine(run.Error)}",
        target, null);

    private static string FirstErrorLine(string error) =>
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    private ChildRun Scan(string events, IEnumerable<string> extra, string label, Action<string> progress)
    {
        var (fileName, prefix) = VigilCommand();
        var arguments = new List<string>(prefix) { "scan" };
        foreach (var dir in corpusDirs)
        {
            arguments.Add("--rules");
            arguments.Add(dir);
        }
        // Alerts go to /dev/null as JSONL: the bench measures detection, not a terminal's drawing.
        arguments.AddRange(["--format", "jsonl", "--output", "/dev/null"]);
        arguments.AddRange(extra);
        arguments.Add(events);
        var run = ChildRun.Start(fileName, arguments, timeout);
        progress(run.TimedOut
            ? $"{label}: did not finish in {TimeoutText} s"
            : string.Create(CultureInfo.InvariantCulture, $"{label}: {Seconds(run.Elapsed)}, peak {Mebibytes(run.PeakBytes)}, exit {run.ExitCode}"));
        return run;
    }

    /// <summary>
    /// This binary: the apphost when vigil runs as itself, else (under <c>dotnet vigil.dll</c> or a test host) dotnet
    /// with vigil.dll, so the children are the same build as the bench.
    /// </summary>
    private static (string FileName, string[] Prefix) VigilCommand()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var name = Path.GetFileNameWithoutExtension(process);
        return name == "vigil" ? (process, []) : ("dotnet", [typeof(CorpusPhase).Assembly.Location]);
    }

    private string FirstLine()
    {
        using var reader = new StreamReader(eventsPath);
        return reader.ReadLine() ?? "{}";
    }

    /// <summary>The last line's @timestamp: --schedule runs at a fixed now just after it, so its windows cover the data.</summary>
    private DateTime LastEventTime()
    {
        using var file = File.OpenRead(eventsPath);
        var tail = new byte[(int)Math.Min(file.Length, 1 << 20)];
        file.Seek(-tail.Length, SeekOrigin.End);
        file.ReadExactly(tail);
        var lines = Encoding.UTF8.GetString(tail).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var latest = DateTime.MinValue;
        // Generated data is in time order only roughly; the tail's latest stamp stands in for the file's.
        foreach (var line in lines.Skip(1).DefaultIfEmpty(lines.FirstOrDefault() ?? "{}"))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("@timestamp", out var stamp) && stamp.ValueKind == JsonValueKind.String
                    && DateTime.TryParse(stamp.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
                    && time > latest)
                {
                    latest = time;
                }
            }
            catch (JsonException)
            {
                // A bad line has no time; the others decide.
            }
        }
        return latest == DateTime.MinValue ? DateTime.UtcNow : latest;
    }

    private string TimeoutText => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:F2} s");

    private static string Mebibytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F0} MiB");
}
