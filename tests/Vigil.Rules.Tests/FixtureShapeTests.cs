using System.Net;
using System.Text.Json.Nodes;

namespace Vigil.Rules.Tests;

/// <summary>The seed rule's scenario fixtures are well-formed Defend events, and their addresses are what they claim.</summary>
public sealed class FixtureShapeTests
{
    private static readonly string Folder = Path.Combine(TestPaths.RepoRoot, "rules", "linux", "command_and_control_cat_network_activity.fixtures");

    private static readonly IPNetwork[] Excluded = new[]
    {
        "10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.0.0/29", "192.0.0.8/32",
        "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/32", "192.0.0.171/32", "192.0.2.0/24", "192.31.196.0/24",
        "192.52.193.0/24", "192.168.0.0/16", "192.88.99.0/24", "224.0.0.0/4", "100.64.0.0/10", "192.175.48.0/24",
        "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "::1/128", "FE80::/10", "FF00::/8",
    }.Select(IPNetwork.Parse).ToArray();

    private static string? Get(JsonObject e, string path)
    {
        if (e[path] is JsonValue dotted)
        {
            return dotted.ToString();
        }
        JsonNode? cur = e;
        foreach (var part in path.Split('.'))
        {
            cur = (cur as JsonObject)?[part];
        }
        return cur is JsonValue v ? v.ToString() : null;
    }

    private static List<(string File, List<JsonObject> Events, JsonObject? Header)> Load() =>
        Directory.EnumerateFiles(Folder, "*.ndjson").Order(StringComparer.Ordinal).Select(f =>
        {
            var objects = File.ReadAllLines(f).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            var header = objects.Count > 0 && objects[0].ContainsKey("//") ? objects[0] : null;
            return (Path.GetFileName(f), objects.Where(o => !o.ContainsKey("//")).ToList(), header);
        }).ToList();

    [Fact]
    public void EveryFixtureIsDefendShaped()
    {
        var files = Load();
        Assert.True(files.Count(f => f.File.EndsWith(".alert.ndjson", StringComparison.Ordinal)) >= 12);
        Assert.True(files.Count(f => f.File.EndsWith(".quiet.ndjson", StringComparison.Ordinal)) >= 30);
        foreach (var (file, events, header) in files)
        {
            Assert.NotNull(header);
            Assert.NotEmpty(events);
            foreach (var e in events)
            {
                Assert.Equal("logs", Get(e, "data_stream.type"));
                Assert.Equal("default", Get(e, "data_stream.namespace"));
                var dataset = Get(e, "data_stream.dataset");
                Assert.True(dataset is "endpoint.events.process" or "endpoint.events.network", file);
                Assert.Equal(dataset, Get(e, "event.dataset"));
                Assert.NotNull(Get(e, "@timestamp"));
                Assert.NotNull(Get(e, "host.id"));
                Assert.NotNull(Get(e, "process.entity_id"));
            }
        }
        // Both layouts are exercised.
        Assert.Contains(files.SelectMany(f => f.Events), e => e.ContainsKey("host.id"));
        Assert.Contains(files.SelectMany(f => f.Events), e => e["host"] is JsonObject);
    }

    [Fact]
    public void AlertFixturesConnectToPublicAddressesAndExcludedOnesDoNot()
    {
        foreach (var (file, events, _) in Load())
        {
            var destinations = events.Select(e => Get(e, "destination.ip")).Where(ip => ip is not null).Select(ip => IPAddress.Parse(ip!)).ToList();
            if (file.EndsWith(".alert.ndjson", StringComparison.Ordinal))
            {
                Assert.NotEmpty(destinations);
                Assert.All(destinations, ip => Assert.DoesNotContain(Excluded, n => n.Contains(ip)));
                Assert.All(destinations, ip => Assert.NotEqual(IPAddress.Any, ip));
            }
            else if (file.StartsWith("excluded_", StringComparison.Ordinal))
            {
                var ip = Assert.Single(destinations);
                Assert.True(ip.Equals(IPAddress.Any) || Excluded.Any(n => n.Contains(ip)), file);
            }
        }
    }
}
