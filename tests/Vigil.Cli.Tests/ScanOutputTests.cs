using System.Text;
using Vigil.Cli.Commands;
using Vigil.Cli.Output;
using Vigil.Cli.Scanning;
using Vigil.Cli.Usage;
using Vigil.Detection.Engine;

namespace Vigil.Cli.Tests;

/// <summary>What people read from <c>vigil scan</c>: the table, csv, summary, filters, stats and the start-up line.</summary>
public sealed class ScanOutputTests
{
    private static readonly string RepoRoot = RepoPaths.Root;

    private static (int Code, string Out, string Err) Scan(string format, string? minSeverity = null, string? sort = null)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = ScanCommand.Run(new ScanCommand.ScanArguments
        {
            Rules = [Path.Combine(RepoRoot, "rules")],
            Events = [Path.Combine(RepoRoot, "examples")],
            Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z"),
            Format = format,
            MinSeverity = minSeverity,
            Sort = sort,
        }, stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    [Fact]
    public void TheTableIsAlignedAndEndsWithTheSummary()
    {
        var (code, output, _) = Scan("table");
        Assert.Equal(0, code);
        var lines = output.TrimEnd('\n').Split('\n');
        // The example capture hides three cat exfiltrations: three sequences of two building blocks each.
        Assert.Equal("9 alerts: 3 medium sequences (6 building blocks); by rule: Network Activity Detected via cat 3", lines[^1]);
        var header = lines[0];
        var rows = lines.Where(l => l.Contains("Network Activity Detected via cat", StringComparison.Ordinal) && !l.StartsWith("9 alerts", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, rows.Count);
        foreach (var column in new[] { "severity", "rule", "host", "user", "process", "reason", "id" })
        {
            var at = header.IndexOf("  " + column, StringComparison.Ordinal) + 2;
            Assert.True(at > 1, column);
            Assert.All(rows, r => Assert.NotEqual(' ', r[at]));
            Assert.All(rows, r => Assert.Equal(' ', r[at - 1]));
        }
        Assert.DoesNotContain('\t', output);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("web-sgp1-02", output);
        Assert.Contains("jenkins", output);
        Assert.Contains("139.59.17.202:80", output);
    }

    [Fact]
    public void CsvHasOneRowPerAlertWithIds()
    {
        var (code, output, err) = Scan("csv");
        Assert.Equal(0, code);
        var lines = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,severity,kind,rule,rule_id,host,user,process,destination,reason,alert_id,group_id", lines[0]);
        Assert.Equal(10, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",afd04601-12fc-4149-9b78-9c3f8fe45d39,", l));
        // The reason holds commas, so it is quoted; the ids are the full 64 hex digits.
        Assert.All(lines.Skip(1), l => Assert.Matches("\"[^\"]*, [^\"]*\",[0-9a-f]{64},[0-9a-f]{64}$", l));
        Assert.Contains("[+] 9 alerts", err);
    }

    [Fact]
    public void MinSeverityFiltersAndSaysSo()
    {
        var (_, output, err) = Scan("csv", minSeverity: "high");
        Assert.Single(output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("9 of 9 alerts are below --min-severity high", err);
        var (_, medium, _) = Scan("csv", minSeverity: "medium");
        Assert.Equal(10, medium.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void SortByTimeKeepsSequencesTogetherAndInOrder()
    {
        var (_, output, _) = Scan("csv", sort: "time");
        var kinds = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[2]).ToList();
        Assert.Equal(["sequence", "block 0", "block 1", "sequence", "block 0", "block 1", "sequence", "block 0", "block 1"], kinds);
        var times = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(l => l.Split(',')[2] == "sequence").Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
    }

    [Fact]
    public void NoRuleThatCanRunStopsBeforeReadingEvents()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-norule-");
        try
        {
            var rule = Path.Combine(dir.FullName, "broken.toml");
            File.WriteAllText(rule, "[rule\nname = \"x\"\n");
            using var stdout = new MemoryStream();
            using var stderr = new StringWriter();
            var code = ScanCommand.Run(new ScanCommand.ScanArguments
            {
                Rules = [rule],
                Events = [Path.Combine(dir.FullName, "never-read.ndjson")],
            }, stdout, stderr);
            Assert.Equal(2, code);
            Assert.Equal(0, stdout.Length);
            Assert.Contains("[+] 0 rules loaded", stderr.ToString());
            Assert.Contains("no rule to run", stderr.ToString());
            Assert.DoesNotContain("never-read", stderr.ToString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void AMissingRulesFolderIsAUsageError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(["scan", "--rules", "no-such-rules-folder", Path.Combine(RepoRoot, "examples")], stdout, stderr);
        Assert.Equal(2, code);
        Assert.Contains("--rules no-such-rules-folder: no such file or folder", stderr.ToString());
    }

    [Fact]
    public void AMissingEventFileIsTheSameUsageErrorInScanAndExplain()
    {
        foreach (var args in new[]
        {
            new[] { "scan", "--rules", Path.Combine(RepoRoot, "rules"), "no-such-events.ndjson" },
            new[] { "explain", "--rule", Path.Combine(RepoRoot, "rules"), "no-such-events.ndjson" },
            new[] { "query", "process where true", "no-such-events.ndjson" },
        })
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Assert.Equal(2, Program.Run(args, stdout, stderr));
            Assert.Contains("no-such-events.ndjson: no such file or folder", stderr.ToString());
            Assert.DoesNotContain("Could not find", stderr.ToString());
        }
    }

    [Fact]
    public void ABrokenExceptionListIsReportedInWordsWithItsPlace()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not json\n");
            using var stdout = new MemoryStream();
            using var stderr = new StringWriter();
            var code = ScanCommand.Run(new ScanCommand.ScanArguments
            {
                Rules = [Path.Combine(RepoRoot, "rules")],
                Events = [Path.Combine(RepoRoot, "examples")],
                Exceptions = [file],
            }, stdout, stderr);
            Assert.Equal(1, code);
            // "not json" fails at its second byte, where "n" stops being the start of null.
            Assert.Contains($"{file}:1:2: not valid JSON", stderr.ToString());
            Assert.DoesNotContain("LineNumber", stderr.ToString());
            Assert.DoesNotContain("BytePositionInLine", stderr.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void TheStartUpLineCountsSkippedRulesByReason()
    {
        var skipped = new Dictionary<string, int>();
        Assert.Equal("1 rule loaded; 0 skipped", new RuleLoadSummary(1, skipped).Line(verbose: false));
        skipped["KQL"] = 3;
        skipped["ES|QL"] = 1;
        Assert.Equal("2 rules loaded; 4 skipped: 3 KQL, 1 ES|QL (--verbose lists them)", new RuleLoadSummary(2, skipped).Line(verbose: false));
        Assert.Equal("2 rules loaded; 4 skipped: 3 KQL, 1 ES|QL", new RuleLoadSummary(2, skipped).Line(verbose: true));
    }

    [Fact]
    public void StatsAreSortedByCostWithNamesAndCutToTheTop()
    {
        var stats = Enumerable.Range(1, 25).Select(i => new RuleRunStats { RuleId = $"id-{i}", RuleName = $"Rule {i}", Elapsed = TimeSpan.FromMilliseconds(i * 10) }).ToList();
        using var top = new StringWriter();
        RuleStatsTable.Write(top, stats, RuleStatsTable.DefaultTop);
        var lines = top.ToString().TrimEnd('\n').Split('\n');
        Assert.StartsWith("250\t", lines[1]);
        Assert.EndsWith("\tid-25\tRule 25", lines[1].TrimEnd('\r'));
        Assert.Equal(22, lines.Length);
        // The five cheapest (10..50 ms) are summed, not listed.
        Assert.Contains("(5 more rules, 150 ms together", lines[^1]);
        using var all = new StringWriter();
        RuleStatsTable.Write(all, stats, 0);
        Assert.Equal(26, all.ToString().TrimEnd('\n').Split('\n').Length);
    }

    [Theory]
    [InlineData(null, 20)]
    [InlineData("top", 20)]
    [InlineData("all", 0)]
    [InlineData("5", 5)]
    [InlineData("zero", null)]
    public void StatsValues(string? value, int? expected) => Assert.Equal(expected, RuleStatsTable.ParseTop(value));

    [Fact]
    public void BareStatsStaysAFlagAndKeepsTheEventFile()
    {
        Assert.Equal(["scan", "--stats", "top", "events.ndjson"], StatsArgument.Normalize(["scan", "--stats", "events.ndjson"]));
        Assert.Equal(["scan", "--stats", "all", "e"], StatsArgument.Normalize(["scan", "--stats", "all", "e"]));
        Assert.Equal(["scan", "e", "--stats", "top"], StatsArgument.Normalize(["scan", "e", "--stats"]));
        Assert.Equal(["query", "--stats"], StatsArgument.Normalize(["query", "--stats"]));
    }

    [Theory]
    [InlineData("a\u001b[31mred", "a\\x1B[31mred")]
    [InlineData("line\nbreak", "line\\x0Abreak")]
    [InlineData("c1\u009bx", "c1\\x9Bx")]
    [InlineData("plain", "plain")]
    public void CellsShowControlCharactersEscaped(string raw, string shown) => Assert.Equal(shown, CellText.Clean(raw));

    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("plain", "plain")]
    public void CsvFieldsAreQuotedAndFormulasDisarmed(string raw, string field) => Assert.Equal(field, AlertCsv.Field(raw));
}
