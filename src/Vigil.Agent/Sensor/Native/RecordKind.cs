namespace Vigil.Agent.Sensor.Native;

/// <summary>What a ring-buffer record reports (the KIND_* values of vigil_sensor.bpf.c).</summary>
internal enum RecordKind : uint
{
    Fork = 1,
    Exec = 2,
    Exit = 3,
    Connect = 4,
    Accept = 5,
    Close = 6,
    UdpSend = 7,
}
