using System.Text;
using System.Text.Json;
using CsCheck;
using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests.Hostile;

/// <summary>
/// Hostile events (duplicate keys, deep nesting, huge numbers, control characters, every timestamp shape) mixed
/// into the example capture, through scan and explain: no exception escapes, every hostile line is either accepted or
/// reported on its own line, and the alerts the good events give are all still written.
/// </summary>
public sealed class HostileEventPropertyTests
{
    private static readonly string Root = FindRoot();
    private static readonly string[] Sample = File.ReadAllLines(Path.Combine(Root, "examples", "defend-linux-sample.ndjson"));
    private static readonly string Rules = Path.Combine(Root, "rules", "linux");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }

    // Each hostile line names the rule's process so that the prefilter keeps it and a rule really parses it.
    private const string Cat = "\"event\":{\"category\":[\"process\"],\"type\":[\"start\"]},\"host\":{\"os\":{\"type\":\"linux\"}},\"process\":{\"name\":\"cat\"";

    /// <summary>(line, reported): whether Vigil must report it (Elasticsearch would reject it) or may accept it.</summary>
    private static readonly (string Line, bool Reported)[] Kinds =
    [
        ($"{{\"@timestamp\":\"2026-11-27T08:00:00Z\",{Cat},\"name\":\"ls\"}}}}", true),                       // duplicate key
        ($"{{\"@timestamp\":\"2026-11-27T08:00:00Z\",{Cat}}},\"x\":{{\"y\":1,\"y\":2}}}}", true),              // duplicate deep down
        ($"{{\"@timestamp\":\"2026-11-27T08:00:00Z\",{Cat}}},\"deep\":{new string('[', 80)}{new string(']', 80)}}}", true),
        ($"{{\"@timestamp\":\"not-a-time\",{Cat}}}}}", true),
        ($"{{\"@timestamp\":\"\",{Cat}}}}}", true),
        ($"{{\"@timestamp\":\"2026-13-01T00:00:00Z\",{Cat}}}}}", true),
        ($"{{\"@timestamp\":\"+275760-09-13T00:00:00Z\",{Cat}}}}}", true),
        ($"{{\"@timestamp\":1e300,{Cat}}}}}", true),
        ($"{{\"@timestamp\":true,{Cat}}}}}", true),
        ($"{{\"@timestamp\":\"2026-11-27T08:00:00Z\",{Cat},\"args\":[\"\u0001\"]}}}}", true),                 // raw control character
        ($"{{\"@timestamp\":\"2026-11-27T08:00:00Z\",{Cat},\"args\":[1e400,-99999999999999999999999]}}}}", false), // huge numbers
        ($"{{\"@timestamp\":\"2026-11-27T08:00:00Z\",{Cat},\"args\":[\"\\u001b[2J\\u0007\"]}}}}", false),    // escaped control characters
        ($"{{\"@timestamp\":\"2026-11-27T08:00:00Z\",{Cat},\"args\":[\"\\ud800\"]}}}}", false),               // a lone surrogate escape
        ("[{\"x\":", true),                                                                                     // a cut-off array opener
    ];

    private static (int Code, string Out, string Err) Scan(string path)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = ScanCommand.Run(new ScanCommand.ScanArguments
        {
            Rules = [Rules],
            Events = [path],
            Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z"),
            ValidateJson = true,
        }, stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private static HashSet<string> AlertIds(string jsonl) =>
        jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("_id").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Issue 20, item 4: an unreadable timestamp is reported on its line even where no rule's literals match the line
    /// (these lines lack the rule's <c>exec</c>), as Elasticsearch rejects such a document whatever the rules.
    /// </summary>
    [Fact]
    public void UnreadableTimestampsAreReportedOnTheirLine()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-hostile-");
        try
        {
            foreach (var stamp in new[] { "\"not-a-time\"", "\"\"", "\"2026-13-01T00:00:00Z\"", "\"+275760-09-13T00:00:00Z\"", "1e300", "true" })
            {
                var lines = Sample.ToList();
                lines.Insert(Sample.Length / 2, $"{{\"@timestamp\":{stamp},{Cat}}}}}");
                var path = Path.Combine(dir.FullName, "range.ndjson");
                File.WriteAllLines(path, lines);
                var (_, _, errors) = Scan(path);
                Assert.Contains($"{path}:{Sample.Length / 2 + 1}", errors, StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Hostile_lines_anywhere_cost_no_alert_and_each_is_reported_on_its_line()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-hostile-");
        try
        {
            var clean = Path.Combine(dir.FullName, "clean.ndjson");
            File.WriteAllLines(clean, Sample);
            var (baseCode, baseOut, _) = Scan(clean);
            Assert.Equal(0, baseCode);
            var expected = AlertIds(baseOut);
            Assert.Equal(9, expected.Count);

            var insertion = Gen.Select(Gen.Int[0, Sample.Length], Gen.Int[0, Kinds.Length - 1], (at, kind) => (at, kind));
            insertion.Array[1, 6].Sample(inserts =>
            {
                var lines = Sample.ToList();
                var hostile = new List<(int Kind, string Marker)>();
                foreach (var (at, kind) in inserts.OrderByDescending(i => i.at))
                {
                    lines.Insert(at, Kinds[kind].Line);
                }
                var path = Path.Combine(dir.FullName, "mixed.ndjson");
                File.WriteAllLines(path, lines);
                var (code, output, errors) = Scan(path);

                Assert.Equal(expected, AlertIds(output));
                var reportedLines = new List<int>();
                for (var i = 0; i < lines.Count; i++)
                {
                    var kind = Array.FindIndex(Kinds, k => k.Line == lines[i]);
                    if (kind >= 0 && Kinds[kind].Reported)
                    {
                        reportedLines.Add(i + 1);
                    }
                }
                foreach (var line in reportedLines)
                {
                    Assert.Contains($"{path}:{line}", errors, StringComparison.Ordinal);
                }
                Assert.Equal(reportedLines.Count > 0 ? 1 : 0, code);
                Assert.DoesNotContain("Exception", errors, StringComparison.Ordinal);
                Assert.DoesNotContain('\u001b', errors);

                using var explainOut = new StringWriter();
                using var explainErr = new StringWriter();
                var explained = ExplainCommand.Run(Path.Combine(Rules, "command_and_control_cat_network_activity.toml"), [], [path], explainOut, explainErr);
                Assert.True(explained is 0 or 1, explainErr.ToString());
                Assert.DoesNotContain("Exception", explainErr.ToString(), StringComparison.Ordinal);
            }, iter: 12, threads: 1);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A lone surrogate escape inside the very events that make the alerts (fuzz find class): every alert is still
    /// written (3 sequences and their 6 building blocks, as from the clean capture), and the field reads U+FFFD, as
    /// Elasticsearch indexes it. Before, each alert of such an event was lost with an internal error.
    /// </summary>
    [Fact]
    public void A_lone_surrogate_in_an_alerts_own_events_costs_no_alert()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-hostile-");
        try
        {
            var lines = Sample.Select(line => line.Contains("\"name\":\"cat\"", StringComparison.Ordinal)
                ? line.Replace("\"name\":\"jenkins\"", "\"name\":\"jenkins\\udd68\"", StringComparison.Ordinal)
                : line).ToList();
            Assert.True(lines.Count(l => l.Contains("jenkins\\udd68", StringComparison.Ordinal)) >= 2);
            var path = Path.Combine(dir.FullName, "surrogate.ndjson");
            File.WriteAllLines(path, lines);
            var (code, output, errors) = Scan(path);
            Assert.True(code == 0, errors);
            var alerts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(9, alerts.Count);
            Assert.Contains(alerts, a => a.GetProperty("_source").TryGetProperty("user", out var user)
                && user.GetProperty("name").GetString() == "jenkins\uFFFD");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
