using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Simulation;

/// <summary>
/// Generates Elastic Defend Linux telemetry as NDJSON: every host runs its own timeline (process trees that fork,
/// exec and end; connections; file and DNS events) and the hosts are merged by time as their shippers would deliver
/// them, each skewed by a fixed lag, so order is exact within a host and slightly interleaved across hosts.
/// Deterministic: all randomness comes from the seed.
/// </summary>
public sealed class TelemetryGenerator(SimulationOptions options)
{
    private const int FlushThreshold = 1 << 20;

    /// <summary>Writes the events to <paramref name="output"/> (not closed) and returns what was written.</summary>
    public GenerationResult Generate(Stream output)
    {
        var random = new Prng(options.Seed);
        long start = Timestamps.ToMicros(options.Start);
        var hosts = new SimHost[Math.Max(1, options.Hosts)];
        var merge = new PriorityQueue<SimHost, (long Time, int Host)>();
        for (int i = 0; i < hosts.Length; i++)
        {
            SimHost host = hosts[i] = HostFactory.Create(i, random, start);
            host.Schedule(new PendingEvent { Kind = PendingEventKind.Activity, TimeMicros = start + host.Random.NextLong(0, 1_000_000) });
            merge.Enqueue(host, (host.Pending.Peek().TimeMicros + host.ShipLagMicros, i));
        }

        var attacks = new AttackPlan(options, random.Fork());
        var scenarios = new List<ScenarioInstance>();
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold + (64 << 10));
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        var writer = new DefendEventWriter(json);
        Prng ids = random.Fork();
        Span<byte> eventId = stackalloc byte[32];
        long written = 0;
        long bytes = 0;
        int openScenarios = 0;

        while (written < options.Events || openScenarios > 0)
        {
            SimHost host = merge.Dequeue();
            PendingEvent pending = host.Pending.Dequeue();
            bool draining = written >= options.Events;

            if (pending.Kind == PendingEventKind.Activity)
            {
                if (!draining)
                {
                    BackgroundActivities.Spawn(host, pending.TimeMicros);
                    if (attacks.Due(written) is { } kind)
                    {
                        ScenarioInstance instance = Scenarios.Inject(host, kind, attacks.NextInstanceId(kind), pending.TimeMicros + host.Random.NextLong(10_000, 500_000));
                        scenarios.Add(instance);
                        openScenarios++;
                    }
                }
                // Activities arrive as a Poisson process: a busy server's few events per second.
                host.Schedule(new PendingEvent { Kind = PendingEventKind.Activity, TimeMicros = pending.TimeMicros + 1 + host.Random.Exponential(700_000) });
            }
            else if (!draining || pending.Scenario is { IsComplete: false })
            {
                if (pending.Kind == PendingEventKind.Exec)
                {
                    ProcessTree.ApplyImage(host, pending.Process!, pending.Image!);
                }
                int idLength = DefendEventWriter.FormatEventId(ids, eventId);
                long ingested = pending.TimeMicros + 800_000 + host.Random.NextLong(0, 4_000_000);
                writer.Write(host, pending, eventId[..idLength], ++host.Sequence, ingested);
                json.Flush();
                json.Reset();
                buffer.Write("\n"u8);
                written++;
                host.ClockMicros = pending.TimeMicros;
                if (pending.Scenario is { } scenario)
                {
                    scenario.Add(Encoding.ASCII.GetString(eventId[..idLength]));
                    if (scenario.IsComplete)
                    {
                        openScenarios--;
                    }
                }
                if (buffer.WrittenCount >= FlushThreshold)
                {
                    output.Write(buffer.WrittenSpan);
                    bytes += buffer.WrittenCount;
                    buffer.ResetWrittenCount();
                }
            }
            merge.Enqueue(host, (host.Pending.Peek().TimeMicros + host.ShipLagMicros, host.Index));
        }
        output.Write(buffer.WrittenSpan);
        bytes += buffer.WrittenCount;
        return new GenerationResult(written, bytes, scenarios);
    }

    /// <summary>Writes the labels file: one JSON object per scenario instance.</summary>
    public static void WriteLabels(IReadOnlyList<ScenarioInstance> scenarios, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        foreach (ScenarioInstance scenario in scenarios)
        {
            json.WriteStartObject();
            json.WriteString("scenario", ScenarioNames.NameOf(scenario.Kind));
            json.WriteString("instance", scenario.InstanceId);
            json.WriteString("host.id", scenario.HostId);
            json.WriteString("process.entity_id", scenario.EntityId);
            json.WriteBoolean("expect_alert", scenario.ExpectAlert);
            json.WriteStartArray("event_ids");
            foreach (string id in scenario.EventIds)
            {
                json.WriteStringValue(id);
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            output.Write("\n"u8);
        }
    }
}
