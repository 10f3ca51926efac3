using System.Text.Json;
using Vigil.Simulation;

namespace Vigil.Simulation.Tests;

/// <summary>Generates a sample once per options and parses it for the tests.</summary>
internal sealed class GeneratedSample
{
    public GeneratedSample(SimulationOptions options)
    {
        var output = new MemoryStream();
        Result = new TelemetryGenerator(options).Generate(output);
        Bytes = output.ToArray();
        Lines = System.Text.Encoding.UTF8.GetString(Bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Events = Array.ConvertAll(Lines, line => JsonDocument.Parse(line).RootElement);
    }

    public GenerationResult Result { get; }
    public byte[] Bytes { get; }
    public string[] Lines { get; }
    public JsonElement[] Events { get; }

    private static readonly Lazy<GeneratedSample> Attacks = new(() => new GeneratedSample(new SimulationOptions
    {
        Hosts = 4,
        Events = 10_000,
        Seed = 42,
        AttackRate = 200,
    }));

    /// <summary>10,000 events on 4 hosts with 50 scenario instances (10 of each kind).</summary>
    public static GeneratedSample WithAttacks => Attacks.Value;
}
