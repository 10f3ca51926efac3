namespace Vigil.Simulation;

/// <summary>One simulated Linux host: identity, OS, agent, its clock, process table and pending events.</summary>
internal sealed class SimHost
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string[] Ips { get; init; }
    public required string[] Macs { get; init; }
    public required string PrimaryIp { get; init; }
    public required HostOs Os { get; init; }
    public required string AgentId { get; init; }
    public required string AgentVersion { get; init; }
    public required Prng Random { get; init; }

    /// <summary>Delay of this host's shipper: output order across hosts is skewed by it, order within a host is not.</summary>
    public required long ShipLagMicros { get; init; }

    public required SimUser Root { get; init; }
    public required SimUser[] Users { get; init; }

    /// <summary>Long-lived processes: init, sshd, cron, daemons.</summary>
    public Dictionary<string, SimProcess> Daemons { get; } = new(StringComparer.Ordinal);

    /// <summary>Interactive login shells currently open.</summary>
    public List<SimProcess> Sessions { get; } = [];

    /// <summary>Image hashes by executable, so an exec costs no hashing.</summary>
    public Dictionary<string, string> ImageHashes { get; } = new(StringComparer.Ordinal);

    public PriorityQueue<PendingEvent, (long Time, long Order)> Pending { get; } = new();

    public long Sequence { get; set; }
    public long OrderCounter { get; set; }
    public int NextPid { get; set; } = 1000;

    /// <summary>Time of the last event written for this host (timestamps never go back within a host).</summary>
    public long ClockMicros { get; set; }

    public void Schedule(PendingEvent pending)
    {
        pending.Scenario?.Scheduled();
        Pending.Enqueue(pending, (pending.TimeMicros, OrderCounter++));
    }

    public int AllocatePid()
    {
        int pid = NextPid;
        NextPid += 1 + Random.Next(4);
        if (NextPid > 4_000_000)
        {
            NextPid = 1000;
        }
        return pid;
    }
}
