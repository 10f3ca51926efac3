using System.Globalization;
using System.Text.Json;
using Vigil.Simulation;

namespace Vigil.Simulation.Tests;

public sealed class GeneratorTests
{
    [Fact]
    public void SameSeedGivesTheSameBytesAndAnotherSeedDoesNot()
    {
        var options = new SimulationOptions { Hosts = 3, Events = 3_000, Seed = 9, AttackRate = 500 };
        byte[] first = Generate(options);
        byte[] second = Generate(options);
        byte[] other = Generate(options with { Seed = 10 });
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void WritesTheRequestedNumberOfEventsWithoutScenarios()
    {
        var sample = new GeneratedSample(new SimulationOptions { Hosts = 2, Events = 1_234, Scenarios = [] });
        Assert.Equal(1_234, sample.Lines.Length);
        Assert.Equal(1_234, sample.Result.Events);
        Assert.Equal(sample.Bytes.LongLength, sample.Result.Bytes);
        Assert.Empty(sample.Result.Scenarios);
    }

    [Fact]
    public void EveryEventHasTheDefendLinuxShape()
    {
        foreach (JsonElement e in GeneratedSample.WithAttacks.Events)
        {
            AssertTimestamp(e.GetProperty("@timestamp"), micros: true);
            Assert.Equal("endpoint", Str(e, "agent.type"));
            Assert.Equal(36, Str(e, "agent.id").Length);
            Assert.Equal(Str(e, "agent.id"), Str(e, "elastic.agent.id"));
            Assert.Equal("logs", Str(e, "data_stream.type"));
            Assert.Equal("default", Str(e, "data_stream.namespace"));
            Assert.StartsWith("8.", Str(e, "ecs.version"), StringComparison.Ordinal);
            Assert.Equal(Str(e, "data_stream.dataset"), Str(e, "event.dataset"));
            Assert.Equal("endpoint", Str(e, "event.module"));
            Assert.Equal("event", Str(e, "event.kind"));
            Assert.Equal(JsonValueKind.Array, Get(e, "event.category").ValueKind);
            Assert.Equal(JsonValueKind.Array, Get(e, "event.type").ValueKind);
            Assert.Equal(JsonValueKind.Number, Get(e, "event.sequence").ValueKind);
            Assert.False(string.IsNullOrEmpty(Str(e, "event.id")));
            AssertTimestamp(Get(e, "event.created"), micros: true);
            AssertTimestamp(Get(e, "event.ingested"), micros: false);
            Assert.Equal("linux", Str(e, "host.os.type"));
            foreach (string field in new[] { "host.os.family", "host.os.name", "host.os.kernel", "host.os.platform", "host.os.version", "host.name", "host.id" })
            {
                Assert.False(string.IsNullOrEmpty(Str(e, field)), field);
            }
            Assert.All(Get(e, "host.ip").EnumerateArray(), ip => Assert.True(System.Net.IPAddress.TryParse(ip.GetString(), out _)));
            Assert.Equal(JsonValueKind.String, Get(e, "user.id").ValueKind);
            Assert.Equal(JsonValueKind.String, Get(e, "user.name").ValueKind);

            JsonElement process = e.GetProperty("process");
            AssertProcess(process);
            Assert.Equal(JsonValueKind.Array, Get(process, "Ext.ancestry").ValueKind);
            string category = Get(e, "event.category")[0].GetString()!;
            string action = Str(e, "event.action");
            switch (category)
            {
                case "process":
                    Assert.Equal("endpoint.events.process", Str(e, "data_stream.dataset"));
                    Assert.Contains(action, new[] { "fork", "exec", "end" });
                    Assert.Equal(action == "end" ? "end" : "start", Get(e, "event.type")[0].GetString());
                    foreach (string leader in new[] { "session_leader", "entry_leader", "group_leader" })
                    {
                        Assert.Equal(JsonValueKind.String, Get(process, leader + ".entity_id").ValueKind);
                        Assert.Equal(JsonValueKind.Number, Get(process, leader + ".pid").ValueKind);
                        Assert.Equal(JsonValueKind.String, Get(process, leader + ".name").ValueKind);
                    }
                    break;
                case "network":
                    Assert.Equal("endpoint.events.network", Str(e, "data_stream.dataset"));
                    foreach (string side in new[] { "source", "destination" })
                    {
                        Assert.True(System.Net.IPAddress.TryParse(Str(e, side + ".ip"), out _));
                        Assert.Equal(Str(e, side + ".ip"), Str(e, side + ".address"));
                        Assert.InRange(Get(e, side + ".port").GetInt32(), 1, 65535);
                        Assert.Equal(action == "disconnect_received", e.GetProperty(side).TryGetProperty("bytes", out _));
                    }
                    Assert.Contains(Str(e, "network.transport"), new[] { "tcp", "udp" });
                    Assert.Contains(Str(e, "network.direction"), new[] { "ingress", "egress" });
                    Assert.Equal("ipv4", Str(e, "network.type"));
                    Assert.Contains(action, new[] { "connection_attempted", "connection_accepted", "disconnect_received", "lookup_requested", "lookup_result" });
                    if (action.StartsWith("lookup", StringComparison.Ordinal))
                    {
                        Assert.False(string.IsNullOrEmpty(Str(e, "dns.question.name")));
                    }
                    break;
                case "file":
                    Assert.Equal("endpoint.events.file", Str(e, "data_stream.dataset"));
                    Assert.Contains(action, new[] { "creation", "modification", "deletion" });
                    Assert.StartsWith("/", Str(e, "file.path"), StringComparison.Ordinal);
                    Assert.EndsWith(Str(e, "file.name"), Str(e, "file.path"), StringComparison.Ordinal);
                    break;
                default:
                    Assert.Fail("unexpected category " + category);
                    break;
            }
        }
    }

    [Fact]
    public void AllKindsOfEventsAppear()
    {
        var actions = GeneratedSample.WithAttacks.Events.Select(e => Str(e, "event.action")).ToHashSet();
        Assert.Subset(actions, new HashSet<string> { "fork", "exec", "end", "connection_attempted", "connection_accepted", "disconnect_received",
            "creation", "modification", "deletion", "lookup_requested", "lookup_result" });
        var processes = GeneratedSample.WithAttacks.Events.Select(e => Str(e, "process.name")).ToHashSet();
        Assert.Subset(processes, new HashSet<string> { "curl", "ssh", "apt-get", "sshd", "bash", "cat", "git" });
    }

    [Fact]
    public void EventSizesAreLikeDefendEvents()
    {
        int[] sizes = Array.ConvertAll(GeneratedSample.WithAttacks.Lines, line => System.Text.Encoding.UTF8.GetByteCount(line));
        Array.Sort(sizes);
        double mean = sizes.Average();
        Assert.InRange(mean, 1_500, 3_200);
        Assert.InRange(sizes[0], 1_200, 3_000);
        Assert.InRange(sizes[^1], 2_000, 4_500);
        Assert.InRange(sizes[sizes.Length / 2], 1_500, 3_500);
    }

    [Fact]
    public void TimestampsNeverGoBackWithinAHostAndBarelyAcrossHosts()
    {
        var last = new Dictionary<string, DateTimeOffset>();
        var newest = DateTimeOffset.MinValue;
        var sequences = new Dictionary<string, long>();
        foreach (JsonElement e in GeneratedSample.WithAttacks.Events)
        {
            string host = Str(e, "host.id");
            DateTimeOffset time = DateTimeOffset.Parse(Str(e, "@timestamp"), CultureInfo.InvariantCulture);
            if (last.TryGetValue(host, out DateTimeOffset previous))
            {
                Assert.True(time >= previous, $"{host} goes back from {previous:O} to {time:O}");
            }
            last[host] = time;
            long sequence = Get(e, "event.sequence").GetInt64();
            Assert.True(sequence > sequences.GetValueOrDefault(host), "event.sequence increases per host");
            sequences[host] = sequence;
            // Across hosts the order is by arrival: never more than the largest shipper lag (0.4 s) out.
            Assert.True(newest - time <= TimeSpan.FromMilliseconds(400), $"{time:O} arrives after {newest:O}");
            if (time > newest)
            {
                newest = time;
            }
        }
        Assert.Equal(4, last.Count);
    }

    [Fact]
    public void EventIdsAreUnique()
    {
        var ids = GeneratedSample.WithAttacks.Events.Select(e => Str(e, "event.id")).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ProcessesForkExecAndEndInOrder()
    {
        var seen = new Dictionary<string, string>(); // entity id -> last lifecycle action
        foreach (JsonElement e in GeneratedSample.WithAttacks.Events)
        {
            string action = Str(e, "event.action");
            string entity = Str(e, "process.entity_id");
            if (action == "fork")
            {
                Assert.False(seen.ContainsKey(entity), "forked twice");
                seen[entity] = "fork";
            }
            else if (action == "end" && seen.TryGetValue(entity, out string? state))
            {
                Assert.NotEqual("end", state);
                seen[entity] = "end";
            }
            else if (seen.TryGetValue(entity, out string? current))
            {
                Assert.NotEqual("end", current); // nothing happens to a process after its end
            }
        }
    }

    private static byte[] Generate(SimulationOptions options)
    {
        var output = new MemoryStream();
        new TelemetryGenerator(options).Generate(output);
        return output.ToArray();
    }

    private static void AssertProcess(JsonElement process)
    {
        Assert.Equal(JsonValueKind.String, Get(process, "entity_id").ValueKind);
        Assert.Equal(JsonValueKind.Number, Get(process, "pid").ValueKind);
        Assert.Equal(JsonValueKind.String, Get(process, "name").ValueKind);
        Assert.StartsWith("/", Str(process, "executable"), StringComparison.Ordinal);
        Assert.Equal(Get(process, "args").GetArrayLength(), Get(process, "args_count").GetInt32());
        Assert.Equal(string.Join(' ', Get(process, "args").EnumerateArray().Select(a => a.GetString())), Str(process, "command_line"));
        AssertTimestamp(Get(process, "start"), micros: true);
        Assert.Equal(JsonValueKind.String, Get(process, "working_directory").ValueKind);
        Assert.Equal(JsonValueKind.String, Get(process, "user.id").ValueKind);
    }

    private static void AssertTimestamp(JsonElement value, bool micros)
    {
        string text = value.GetString()!;
        string format = micros ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'";
        Assert.True(DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _), text);
    }

    internal static JsonElement Get(JsonElement element, string path)
    {
        foreach (string part in path.Split('.'))
        {
            Assert.True(element.TryGetProperty(part, out element), $"missing {path}");
        }
        return element;
    }

    internal static string Str(JsonElement element, string path) => Get(element, path).GetString()!;
}
