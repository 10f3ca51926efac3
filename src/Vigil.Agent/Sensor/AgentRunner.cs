using System.Diagnostics;
using Vigil.Agent.Sensor.Native;

namespace Vigil.Agent.Sensor;

/// <summary>
/// Runs the sensor until cancelled: loads the BPF programs, learns the running processes from /proc, then polls the
/// ring buffer on this thread (every record becomes one event for every sink) and ticks the sinks every 50 ms.
/// Records the ring had no room for are reported on the log as soon as they are counted, never dropped silently.
/// </summary>
public sealed class AgentRunner(string objectPath, IReadOnlyList<IEventSink> sinks, TextWriter log)
{
    /// <summary>Called once the programs are attached and the process table is seeded: from here on nothing is missed.</summary>
    public Action? OnReady { get; init; }

    /// <summary>4 MiB: at 2,000 exec/s the agent drains about 100 KB every 50 ms, so this holds seconds of a stall.</summary>
    public const int DefaultRingBufferBytes = 4 << 20;

    /// <summary>Size of the kernel-to-agent ring buffer (a power of two).</summary>
    public int RingBufferBytes { get; init; } = DefaultRingBufferBytes;

    /// <summary>The default place of the compiled BPF object: beside the assembly (the build copies it there).</summary>
    public static string DefaultObjectPath => Path.Combine(AppContext.BaseDirectory, "bpf", "vigil_sensor.bpf.o");

    /// <summary>Runs until <paramref name="token"/> is cancelled; throws <see cref="SensorUnavailableException"/> when it cannot start.</summary>
    public AgentRunSummary Run(CancellationToken token)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new SensorUnavailableException("the sensor runs on Linux only");
        }
        if (!File.Exists("/sys/kernel/btf/vmlinux"))
        {
            throw new SensorUnavailableException("this kernel has no BTF (/sys/kernel/btf/vmlinux): the sensor's CO-RE programs need CONFIG_DEBUG_INFO_BTF=y");
        }
        var host = HostIdentity.Read();
        var bootEpochNs = LibC.BootEpochNanoseconds();
        var table = new ProcessTable(host, bootEpochNs);
        var writer = new AgentEventWriter(host, table, new UserDirectory());
        var pipeline = new SensorPipeline(table, writer, sinks, bootEpochNs, log);
        using var sensor = BpfSensor.Open(objectPath, pipeline, RingBufferBytes);
        table.Seed();
        OnReady?.Invoke();
        var started = Stopwatch.StartNew();
        long reportedDrops = 0;
        var lastDropCheck = Stopwatch.GetTimestamp();
        while (!token.IsCancellationRequested)
        {
            sensor.Poll(50);
            pipeline.Tick();
            if (Stopwatch.GetElapsedTime(lastDropCheck) >= TimeSpan.FromSeconds(1))
            {
                lastDropCheck = Stopwatch.GetTimestamp();
                var drops = sensor.DroppedRecords();
                if (drops > reportedDrops)
                {
                    log.WriteLine($"vigil agent: the ring buffer was full: {drops - reportedDrops} kernel records dropped in the last second ({drops} in all)");
                    reportedDrops = drops;
                }
            }
        }
        // What is already in the ring is still delivered.
        while (sensor.Poll(0) > 0)
        {
        }
        pipeline.Tick();
        return new AgentRunSummary(pipeline.Events, sensor.DroppedRecords(), pipeline.Faults, started.Elapsed);
    }
}
