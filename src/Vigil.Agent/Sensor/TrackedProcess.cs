namespace Vigil.Agent.Sensor;

/// <summary>
/// What the agent knows of one live process: its identity (pid, start, entity id) for its whole life, and its
/// current image (replaced at each exec). Network events describe the image current when they happen.
/// </summary>
public sealed class TrackedProcess
{
    public required int Pid { get; init; }

    /// <summary>Start in clock ticks since boot (as /proc/PID/stat gives it), the input of the entity id.</summary>
    public required long StartTicks { get; init; }

    public required string EntityId { get; init; }

    /// <summary>Start as wall time, microseconds since the epoch.</summary>
    public required long StartMicros { get; init; }

    /// <summary>The start as Defend's timestamp text, made once: every event of the process and its children writes it.</summary>
    public byte[] StartText => startText ??= IsoTimestamp.ToArray(StartMicros);

    private byte[]? startText;

    public TrackedProcess? Parent { get; set; }

    public string Executable { get; set; } = "";

    public string Name { get; set; } = "";

    public string[] Args { get; set; } = [];

    public string CommandLine { get; set; } = "";

    public string WorkingDirectory { get; set; } = "";

    public int Uid { get; set; }

    public int Gid { get; set; }

    public int ProcessGroup { get; set; }

    public int Session { get; set; }

    public bool Interactive { get; set; }

    /// <summary>The image before the last exec (Defend's <c>process.previous</c>), if one happened under the agent.</summary>
    public (string[] Args, string Executable)? Previous { get; set; }

    /// <summary>Set at exit; the entry stays a moment for the records that follow (sockets closed at exit).</summary>
    public long EndedAtNs { get; set; }

    /// <summary>Sets the image's arguments and the command line made from them.</summary>
    public void SetArgs(string[] args)
    {
        Args = args;
        CommandLine = string.Join(' ', args);
    }
}
