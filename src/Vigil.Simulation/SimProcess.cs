namespace Vigil.Simulation;

/// <summary>One simulated process, from fork to end, with the leaders Elastic Defend reports for it.</summary>
internal sealed class SimProcess
{
    public required string EntityId { get; init; }
    public required int Pid { get; init; }
    public required string Name { get; set; }
    public required string Executable { get; set; }
    public required string[] Args { get; set; }
    public required string CommandLine { get; set; }
    public required string WorkingDirectory { get; init; }
    public required long StartMicros { get; init; }
    public required SimUser User { get; init; }
    public SimProcess? Parent { get; init; }

    /// <summary>Session leader (the login shell or daemon that called setsid); itself when it leads.</summary>
    public SimProcess? SessionLeader { get; set; }

    /// <summary>Entry leader: how the session entered the host (sshd login, init, terminal).</summary>
    public SimProcess? EntryLeader { get; set; }

    /// <summary>Process-group leader (the first process of a pipeline or job).</summary>
    public SimProcess? GroupLeader { get; set; }

    /// <summary>Entry type Defend reports for an entry leader: sshd, init, terminal, unknown.</summary>
    public string EntryType { get; init; } = "unknown";

    /// <summary>Remote address an sshd entry leader came from.</summary>
    public string? EntrySourceIp { get; init; }

    public bool Interactive { get; init; }

    /// <summary>When the process is scheduled to end (long-lived sessions), else <see cref="long.MaxValue"/>.</summary>
    public long EndMicros { get; set; } = long.MaxValue;

    /// <summary>Entity ids of the ancestors, nearest first (Defend's process.Ext.ancestry).</summary>
    public required string[] Ancestry { get; init; }

    /// <summary>sha256 of the executable image, hex.</summary>
    public required string Sha256 { get; set; }

    public SimProcess Leader(SimProcess? leader) => leader ?? this;
}
