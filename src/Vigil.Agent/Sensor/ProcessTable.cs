namespace Vigil.Agent.Sensor;

/// <summary>
/// The live processes by pid, kept from the kernel's fork/exec/exit records (and /proc for those older than the
/// agent). A record is applied in ring order, so a network record finds the image the process had when it happened.
/// Exited processes stay <see cref="ExitGraceNs"/> for the sockets their exit closes (those records follow the exit).
/// </summary>
public sealed class ProcessTable(HostIdentity host, long bootEpochNs)
{
    public const long ExitGraceNs = 5_000_000_000;

    private readonly Dictionary<int, TrackedProcess> byPid = [];
    private readonly Queue<TrackedProcess> ended = new();

    public int Count => byPid.Count;

    /// <summary>Loads every process running now from /proc.</summary>
    public void Seed()
    {
        foreach (var pid in ProcFs.Pids())
        {
            Find(pid);
        }
    }

    /// <summary>The process with <paramref name="pid"/>, read from /proc when the table does not know it yet.</summary>
    public TrackedProcess? Find(int pid)
    {
        if (byPid.TryGetValue(pid, out var known))
        {
            return known;
        }
        if (pid <= 0 || ProcFs.Stat(pid) is not { } stat)
        {
            return null;
        }
        var process = New(pid, stat.StartTicks, (bootEpochNs / 1000) + (stat.StartTicks * ClockTicks.NanosecondsPerTick / 1000));
        byPid[pid] = process;
        process.ProcessGroup = stat.ProcessGroup;
        process.Session = stat.Session;
        process.Interactive = stat.Tty;
        var exe = ProcFs.Link(pid, "exe") ?? "";
        process.Executable = exe;
        process.SetArgs(ProcFs.Args(pid) ?? []);
        process.Name = NameOf(exe, process.Args);
        process.WorkingDirectory = ProcFs.Link(pid, "cwd") ?? "";
        if (ProcFs.Ids(pid) is { } ids)
        {
            process.Uid = ids.Uid;
            process.Gid = ids.Gid;
        }
        process.Parent = stat.ParentPid > 0 && stat.ParentPid != pid ? Find(stat.ParentPid) : null;
        return process;
    }

    /// <summary>A new process: a copy of its parent's image under its own identity.</summary>
    public TrackedProcess Fork(int pid, int parentPid, ulong startNs)
    {
        var parent = Find(parentPid);
        var process = New(pid, (long)(startNs / ClockTicks.NanosecondsPerTick), (long)(((ulong)bootEpochNs + startNs) / 1000));
        process.Parent = parent;
        if (parent is not null)
        {
            process.Executable = parent.Executable;
            process.Name = parent.Name;
            process.Args = parent.Args;
            process.CommandLine = parent.CommandLine;
            process.WorkingDirectory = parent.WorkingDirectory;
        }
        byPid[pid] = process;
        return process;
    }

    /// <summary>A new image in <paramref name="pid"/>; the process keeps its identity and its parent.</summary>
    public TrackedProcess Exec(int pid, int parentPid, ulong startNs, string filename, string[] args)
    {
        if (!byPid.TryGetValue(pid, out var process))
        {
            process = Fork(pid, parentPid, startNs);
        }
        process.Previous = (process.Args, process.Executable);
        var executable = filename.StartsWith('/') ? filename : ProcFs.Link(pid, "exe") ?? filename;
        process.Executable = executable;
        process.SetArgs(args);
        process.Name = NameOf(executable, args);
        process.WorkingDirectory = ProcFs.Link(pid, "cwd") ?? process.Parent?.WorkingDirectory ?? process.WorkingDirectory;
        return process;
    }

    /// <summary>The process ended; it is forgotten <see cref="ExitGraceNs"/> later.</summary>
    public TrackedProcess? Exit(int pid, ulong timeNs)
    {
        if (!byPid.TryGetValue(pid, out var process))
        {
            return null;
        }
        process.EndedAtNs = (long)timeNs;
        ended.Enqueue(process);
        return process;
    }

    /// <summary>Forgets processes that ended more than the grace period before <paramref name="nowNs"/>.</summary>
    public void Sweep(long nowNs)
    {
        while (ended.TryPeek(out var process) && nowNs - process.EndedAtNs > ExitGraceNs)
        {
            ended.Dequeue();
            if (byPid.TryGetValue(process.Pid, out var current) && ReferenceEquals(current, process))
            {
                byPid.Remove(process.Pid);
            }
        }
    }

    private TrackedProcess New(int pid, long startTicks, long startMicros) => new()
    {
        Pid = pid,
        StartTicks = startTicks,
        StartMicros = startMicros,
        EntityId = EntityIds.For(host.Id, pid, host.BootTimeSeconds, startTicks),
    };

    // Defend's process.name is the executable's file name; a kernel thread has neither, so its argv[0] stands in.
    private static string NameOf(string executable, string[] args)
    {
        if (executable.Length > 0)
        {
            return executable[(executable.LastIndexOf('/') + 1)..];
        }
        return args.Length > 0 ? Path.GetFileName(args[0]) : "";
    }
}
