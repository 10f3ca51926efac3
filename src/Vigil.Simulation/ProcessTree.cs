namespace Vigil.Simulation;

/// <summary>Creates processes on a host and schedules their fork, exec and end events.</summary>
internal static class ProcessTree
{
    private const int MaxAncestry = 5;

    /// <summary>Forks <paramref name="parent"/> at <paramref name="time"/>: the child starts as a copy of its parent.</summary>
    public static SimProcess Fork(SimHost host, SimProcess parent, long time, SimUser? user = null, bool newGroup = true,
        ScenarioInstance? scenario = null, string? workingDirectory = null)
    {
        int pid = host.AllocatePid();
        string[] ancestry = parent.Ancestry.Length >= MaxAncestry
            ? [parent.EntityId, .. parent.Ancestry.AsSpan(0, MaxAncestry - 1)]
            : [parent.EntityId, .. parent.Ancestry];
        var child = new SimProcess
        {
            EntityId = HostFactory.EntityId(host.AgentId, pid, time),
            Pid = pid,
            Name = parent.Name,
            Executable = parent.Executable,
            Args = parent.Args,
            CommandLine = parent.CommandLine,
            WorkingDirectory = workingDirectory ?? parent.WorkingDirectory,
            StartMicros = time,
            User = user ?? parent.User,
            Parent = parent,
            Ancestry = ancestry,
            Sha256 = parent.Sha256,
            Interactive = parent.Interactive,
            SessionLeader = parent.Leader(parent.SessionLeader),
            EntryLeader = parent.Leader(parent.EntryLeader),
        };
        child.GroupLeader = newGroup ? child : parent.Leader(parent.GroupLeader);
        host.Schedule(new PendingEvent { Kind = PendingEventKind.Fork, TimeMicros = time, Process = child, Scenario = scenario });
        return child;
    }

    public static void Exec(SimHost host, SimProcess process, long time, string executable, string[] args, ScenarioInstance? scenario = null)
    {
        string name = executable[(executable.LastIndexOf('/') + 1)..];
        host.Schedule(new PendingEvent
        {
            Kind = PendingEventKind.Exec,
            TimeMicros = time,
            Process = process,
            Image = new ExecImage(name, executable, args),
            Scenario = scenario,
        });
    }

    public static void End(SimHost host, SimProcess process, long time, ScenarioInstance? scenario = null) =>
        host.Schedule(new PendingEvent { Kind = PendingEventKind.End, TimeMicros = time, Process = process, Scenario = scenario });

    /// <summary>Applies an exec's new image to the process as the exec event is written.</summary>
    public static void ApplyImage(SimHost host, SimProcess process, ExecImage image)
    {
        if (!host.ImageHashes.TryGetValue(image.Executable, out string? hash))
        {
            hash = host.ImageHashes[image.Executable] = HostFactory.Sha256Of(image.Executable);
        }
        process.Name = image.Name;
        process.Executable = image.Executable;
        process.Args = image.Args;
        process.CommandLine = image.CommandLine;
        process.Sha256 = hash;
    }
}
