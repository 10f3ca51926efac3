using System.Text.Json;
using Vigil.Simulation;

namespace Vigil.Simulation.Tests;

/// <summary>The committed README example must be what its documented command produces, and labelled correctly.</summary>
public sealed class ExampleCaptureTests
{
    private static string? ExamplesFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vigil.slnx")))
        {
            directory = directory.Parent;
        }
        return directory is null ? null : Path.Combine(directory.FullName, "examples");
    }

    [Fact]
    public void ExampleIsReproducedByItsDocumentedCommand()
    {
        string? examples = ExamplesFolder();
        Assert.NotNull(examples);
        // vigil generate --hosts 3 --events 2000 --seed 2026 --attack-rate 285 --scenarios (see docs/generate.md)
        var options = new SimulationOptions
        {
            Hosts = 3,
            Events = 2000,
            Seed = 2026,
            AttackRate = 285,
            Scenarios =
            [
                ScenarioKind.CatNetwork, ScenarioKind.CatNetworkPrivate, ScenarioKind.CatNetworkWrongParent, ScenarioKind.CatNetwork,
                ScenarioKind.CatNetworkSlow, ScenarioKind.CatNetworkOtherProcess, ScenarioKind.CatNetwork,
            ],
        };
        var events = new MemoryStream();
        GenerationResult result = new TelemetryGenerator(options).Generate(events);
        var labels = new MemoryStream();
        TelemetryGenerator.WriteLabels(result.Scenarios, labels);
        Assert.Equal(File.ReadAllBytes(Path.Combine(examples, "defend-linux-sample.ndjson")), events.ToArray());
        Assert.Equal(File.ReadAllBytes(Path.Combine(examples, "..", "docs", "examples", "defend-linux-sample.labels.jsonl")), labels.ToArray());
    }

    [Fact]
    public void ExampleLabelsAgreeWithAnIndependentReadingOfTheRule()
    {
        string? examples = ExamplesFolder();
        Assert.NotNull(examples);
        JsonElement[] events = File.ReadAllLines(Path.Combine(examples, "defend-linux-sample.ndjson"))
            .Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        JsonElement[] labels = File.ReadAllLines(Path.Combine(examples, "..", "docs", "examples", "defend-linux-sample.labels.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(2000, events.Length);
        Assert.Equal(3, events.Select(e => e.GetProperty("host").GetProperty("id").GetString()).Distinct().Count());

        var ids = events.Select(e => e.GetProperty("event").GetProperty("id").GetString()).ToHashSet();
        Assert.All(labels, label => Assert.All(label.GetProperty("event_ids").EnumerateArray(), id => Assert.Contains(id.GetString(), ids)));

        var expected = labels.Where(l => l.GetProperty("expect_alert").GetBoolean())
            .Select(l => (l.GetProperty("host.id").GetString()!, l.GetProperty("process.entity_id").GetString()!)).OrderBy(x => x.Item2).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(4, labels.Length - expected.Count);
        Assert.Equal(expected, CatNetworkOracle.Matches(events).OrderBy(x => x.EntityId).Select(x => (x.Host, x.EntityId)));
    }
}
