using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;
using Vigil.Rules;

namespace Vigil.Detection.Tests;

/// <summary>
/// The shipped rules' scenario fixtures run end to end (loader, compiler, runtime, engine, alerts): every
/// <c>*.alert.ndjson</c> raises alerts (exactly <c>expect_alerts</c> sequences or events when given), every
/// <c>*.quiet.ndjson</c> raises none.
/// </summary>
public sealed class SeedFixtureTests
{
    private static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        var root = RepoRoot();
        if (root is null || !Directory.Exists(Path.Combine(root, "rules")))
        {
            return data;
        }
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "rules"), "*.ndjson", SearchOption.AllDirectories).Order())
        {
            if (file.Contains(".fixtures", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FixtureRaisesWhatItsNameSays(string relativePath)
    {
        var root = RepoRoot()!;
        var fixture = Path.Combine(root, relativePath);
        var folder = Path.GetDirectoryName(fixture)!;
        var rulePath = folder[..^".fixtures".Length] + ".toml";
        var loaded = RuleLoader.LoadFile(rulePath).Rules.Single();
        var problems = new List<string>();
        var rule = RulePreparer.Prepare(loaded.Rule!, problems);
        Assert.True(rule is not null, string.Join("\n", problems));

        var collector = new EventCollector();
        InputReader.Read([fixture], collector);
        Assert.Empty(collector.Errors);

        var result = new DetectionEngine().Run([rule!], collector.Events, new ScanOptions { Now = DateTimeOffset.Parse("2026-11-28T00:00:00Z") });
        Assert.Empty(result.EventProblems);
        var raised = result.Alerts.Count(a => !a.IsBuildingBlock);
        if (fixture.EndsWith(".quiet.ndjson", StringComparison.Ordinal))
        {
            Assert.Empty(result.Alerts);
            return;
        }
        var first = JsonNode.Parse(File.ReadLines(fixture).First())!.AsObject();
        if (first["expect_alerts"] is JsonValue expected)
        {
            Assert.Equal(expected.GetValue<int>(), raised);
        }
        else
        {
            Assert.True(raised > 0);
        }
        foreach (var alert in result.Alerts.Where(a => a.IsShell))
        {
            // Shell id recomputed from its ancestors, by hand.
            var s = AlertJsonWriter.SourceAsObject(alert);
            var text = string.Concat(s["kibana.alert.ancestors"]!.AsArray().Select(a => (string)a!["id"]! + (string)a["index"]!)) + rule!.Rule.Uuid;
            Assert.Equal(TestData.Sha256(text), alert.Id);
        }
    }
}
