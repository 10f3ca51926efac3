using System.Text;
using System.Text.Json.Nodes;
using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil scan</c> driven through its Run method over the seed rule and its fixtures.</summary>
public sealed class ScanCommandTests
{
    private static readonly string RepoRoot = RepoPaths.Root;
    private static string Fixtures => Path.Combine(RepoRoot, "rules", "linux", "command_and_control_cat_network_activity.fixtures");

    private static (int Code, string Out, string Err) Scan(ScanCommand.ScanArguments args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = ScanCommand.Run(args, stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    [Fact]
    public void AlertFixtureGivesAShellAndTwoBuildingBlocksAsHits()
    {
        if (!Directory.Exists(Fixtures)) return;
        var (code, output, _) = Scan(new ScanCommand.ScanArguments
        {
            Rules = [Path.Combine(RepoRoot, "rules", "linux")],
            Events = [Path.Combine(Fixtures, "bash_parent_public_ipv4.alert.ndjson")],
            Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z"),
        });
        Assert.Equal(0, code);
        var hits = output.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(3, hits.Count);
        Assert.All(hits, h => Assert.Equal(".alerts-security.alerts-default", (string?)h["_index"]));
        Assert.Equal(2, (int)hits[0]["_source"]!["kibana.alert.depth"]!);
        Assert.Equal((string?)hits[0]["_id"], (string?)hits[1]["_source"]!["kibana.alert.group.id"]);
        Assert.Equal("2026-12-01T00:00:00.000Z", (string?)hits[0]["_source"]!["@timestamp"]);
    }

    [Fact]
    public void QuietFixtureGivesNothing()
    {
        if (!Directory.Exists(Fixtures)) return;
        var (code, output, _) = Scan(new ScanCommand.ScanArguments
        {
            Rules = [Path.Combine(RepoRoot, "rules", "linux")],
            Events = [Path.Combine(Fixtures, "capitalised_Cat.quiet.ndjson")],
        });
        Assert.Equal(0, code);
        Assert.Equal("", output);
    }

    [Fact]
    public void BadEventLinesAreReportedAndExitOneButTheRestStillRuns()
    {
        if (!Directory.Exists(Fixtures)) return;
        var dir = Directory.CreateTempSubdirectory("vigil-scan-");
        try
        {
            var events = Path.Combine(dir.FullName, "events.ndjson");
            var lines = File.ReadAllLines(Path.Combine(Fixtures, "bash_parent_public_ipv4.alert.ndjson")).Skip(1).ToList();
            lines.Insert(1, "{not json");
            File.WriteAllLines(events, lines);
            var (code, output, err) = Scan(new ScanCommand.ScanArguments
            {
                Rules = [Path.Combine(RepoRoot, "rules", "linux")],
                Events = [events],
                Format = "table",
                Stats = true,
            });
            Assert.Equal(1, code);
            Assert.Contains("events.ndjson:2", err);
            Assert.Contains("sequence", output);
            Assert.Contains("afd04601-12fc-4149-9b78-9c3f8fe45d39", err);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    public void BrokenLinesNoRuleCouldMatchAreStillReportedWithTheirPlace(bool validateJson, int threads)
    {
        if (!Directory.Exists(Fixtures)) return;
        var dir = Directory.CreateTempSubdirectory("vigil-scan-");
        try
        {
            var events = Path.Combine(dir.FullName, "events.ndjson");
            var lines = File.ReadAllLines(Path.Combine(Fixtures, "bash_parent_public_ipv4.alert.ndjson")).Skip(1).ToList();
            // None of these holds a literal of the seed rule, so none is parsed unless --validate-json asks for it.
            lines.Insert(1, "{\"message\":\"written by a crashed shipper");
            lines.Insert(2, "{\"message\":\"syntax broken inside\",\"ok\":tru}");
            lines.Insert(3, "  {\"message\":\"fine\"}  ");
            File.WriteAllLines(events, lines);
            var (code, output, err) = Scan(new ScanCommand.ScanArguments
            {
                Rules = [Path.Combine(RepoRoot, "rules", "linux")],
                Events = [events],
                Format = "table",
                ValidateJson = validateJson,
                Threads = threads,
            });
            Assert.Equal(1, code);
            Assert.Contains("sequence", output);
            // The cut-off line: its place, and why (the full parse words it differently but places it the same).
            Assert.Contains("events.ndjson:2:", err);
            Assert.Equal(validateJson, err.Contains("events.ndjson:3:", StringComparison.Ordinal));
            Assert.DoesNotContain("events.ndjson:4", err);
            if (!validateJson)
            {
                Assert.Contains("not closed", err);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
