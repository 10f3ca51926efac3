using System.Text.Json;
using Vigil.Simulation;
using static Vigil.Simulation.Tests.GeneratorTests;

namespace Vigil.Simulation.Tests;

public sealed class ScenarioLabelTests
{
    [Fact]
    public void EachScenarioKindIsInjectedInTurn()
    {
        var counts = GeneratedSample.WithAttacks.Result.Scenarios.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5, counts.Count);
        Assert.All(counts.Values, count => Assert.Equal(10, count));
    }

    [Fact]
    public void LabelledEventsExistAndBelongToTheirInstance()
    {
        var byId = GeneratedSample.WithAttacks.Events.ToDictionary(e => Str(e, "event.id"), StringComparer.Ordinal);
        foreach (ScenarioInstance instance in GeneratedSample.WithAttacks.Result.Scenarios)
        {
            Assert.True(instance.IsComplete);
            Assert.InRange(instance.EventIds.Count, 5, 8);
            JsonElement[] events = instance.EventIds.Select(id => byId[id]).ToArray();
            Assert.All(events, e => Assert.Equal(instance.HostId, Str(e, "host.id")));

            JsonElement exec = Assert.Single(events, e => Str(e, "event.action") == "exec" && Str(e, "process.name") == "cat");
            Assert.Equal(instance.EntityId, Str(exec, "process.entity_id"));
            JsonElement connection = Assert.Single(events, e => Str(e, "event.action") == "connection_attempted");
            var gap = DateTimeOffset.Parse(Str(connection, "@timestamp"), System.Globalization.CultureInfo.InvariantCulture) -
                      DateTimeOffset.Parse(Str(exec, "@timestamp"), System.Globalization.CultureInfo.InvariantCulture);
            string parent = Str(exec, "process.parent.name");
            bool sameProcess = Str(connection, "process.entity_id") == instance.EntityId;
            bool isPublic = !CatNetworkOracle.IsExcluded(Str(connection, "destination.ip"));
            switch (instance.Kind)
            {
                case ScenarioKind.CatNetwork:
                    Assert.True(sameProcess && isPublic && gap <= TimeSpan.FromSeconds(1));
                    Assert.Contains(parent, new[] { "bash", "sh", "dash", "zsh" });
                    break;
                case ScenarioKind.CatNetworkPrivate:
                    Assert.True(sameProcess && !isPublic && gap <= TimeSpan.FromSeconds(1));
                    break;
                case ScenarioKind.CatNetworkWrongParent:
                    Assert.Equal("python3", parent);
                    Assert.True(sameProcess && isPublic && gap <= TimeSpan.FromSeconds(1));
                    break;
                case ScenarioKind.CatNetworkSlow:
                    Assert.True(sameProcess && isPublic);
                    Assert.InRange(gap, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(2));
                    break;
                case ScenarioKind.CatNetworkOtherProcess:
                    Assert.False(sameProcess);
                    Assert.NotEqual("cat", Str(connection, "process.name"));
                    Assert.True(isPublic && gap <= TimeSpan.FromSeconds(1));
                    break;
            }
        }
    }

    [Fact]
    public void AnIndependentReadingOfTheRuleFindsExactlyThePositiveInstances()
    {
        var matches = CatNetworkOracle.Matches(GeneratedSample.WithAttacks.Events);
        var expected = GeneratedSample.WithAttacks.Result.Scenarios.Where(s => s.ExpectAlert).Select(s => (s.HostId, s.EntityId)).ToHashSet();
        Assert.Equal(10, expected.Count);
        Assert.Equal(expected.OrderBy(x => x.EntityId), matches.OrderBy(x => x.EntityId));
    }

    [Fact]
    public void BackgroundTrafficNeverSatisfiesTheRule()
    {
        var sample = new GeneratedSample(new SimulationOptions { Hosts = 5, Events = 30_000, Seed = 3, Scenarios = [] });
        Assert.Empty(CatNetworkOracle.Matches(sample.Events));
        // ...though cat does run (reading files) and other processes do reach public addresses.
        Assert.Contains(sample.Events, e => Str(e, "event.action") == "exec" && Str(e, "process.name") == "cat");
        Assert.Contains(sample.Events, e => Str(e, "event.action") == "connection_attempted" && !CatNetworkOracle.IsExcluded(Str(e, "destination.ip")));
    }

    [Fact]
    public void LabelsFileListsEveryInstance()
    {
        var output = new MemoryStream();
        TelemetryGenerator.WriteLabels(GeneratedSample.WithAttacks.Result.Scenarios, output);
        string[] lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(GeneratedSample.WithAttacks.Result.Scenarios.Count, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using JsonDocument label = JsonDocument.Parse(lines[i]);
            ScenarioInstance instance = GeneratedSample.WithAttacks.Result.Scenarios[i];
            Assert.Equal(ScenarioNames.NameOf(instance.Kind), label.RootElement.GetProperty("scenario").GetString());
            Assert.Equal(instance.InstanceId, label.RootElement.GetProperty("instance").GetString());
            Assert.Equal(instance.HostId, label.RootElement.GetProperty("host.id").GetString());
            Assert.Equal(instance.ExpectAlert, label.RootElement.GetProperty("expect_alert").GetBoolean());
            Assert.Equal(instance.EventIds, label.RootElement.GetProperty("event_ids").EnumerateArray().Select(x => x.GetString()!));
        }
    }

    [Fact]
    public void PublicAddressesAreOutsideEveryExcludedRange()
    {
        var random = new Prng(5);
        for (int i = 0; i < 5_000; i++)
        {
            Assert.False(CatNetworkOracle.IsExcluded(Addresses.Public(random)));
            Assert.False(CatNetworkOracle.IsExcluded(Addresses.AttackerPublic(random)));
            Assert.True(CatNetworkOracle.IsExcluded(Addresses.Private(random)));
        }
    }

    [Fact]
    public void GeneratedOutputReadsBackWithoutErrors()
    {
        var sink = new CountingSink();
        var summary = Vigil.Events.Readers.InputReader.ReadStream(new MemoryStream(GeneratedSample.WithAttacks.Bytes), "generated", sink,
            new Vigil.Events.Readers.ReaderOptions { ValidateNdjson = true });
        Assert.Equal(0, summary.Errors);
        Assert.Equal(GeneratedSample.WithAttacks.Lines.Length, summary.Records);
    }

    private sealed class CountingSink : Vigil.Events.Readers.IRecordSink
    {
        public void Accept(in Vigil.Events.Readers.RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id) { }

        public void Reject(Vigil.Events.Readers.InputError error) { }
    }
}
