using System.Runtime.InteropServices;

namespace Vigil.Agent.Sensor.Native;

/// <summary>The head of every ring-buffer record; mirrors <c>struct record</c> in Sensor/Bpf/vigil_sensor.bpf.c.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SensorRecord
{
    public RecordKind Kind;
    public uint Pid;
    public uint ParentPid;
    public uint Uid;
    public uint Gid;
    public uint ProcessGroup;
    public uint Session;
    public uint Tty;
    public int ExitCode;
    public uint ArgsLength;
    public ulong TimeNs;
    public ulong StartNs;
    public ushort Family;
    public ushort LocalPort;
    public ushort RemotePort;
    public byte Protocol;
    public byte Direction;
    public fixed byte LocalAddress[16];
    public fixed byte RemoteAddress[16];
    public ulong BytesSent;
    public ulong BytesReceived;
    public fixed byte Comm[16];

    /// <summary>Bytes after the head in an exec record: the path given to execve, then the NUL-separated arguments.</summary>
    public const int FilenameLength = 256;
    public const int ArgsCapacity = 1024;
}
