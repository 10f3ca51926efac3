namespace Vigil.Agent.Sensor;

/// <summary>USER_HZ, the unit of /proc/PID/stat's start time: 100 on every Linux architecture Vigil runs on.</summary>
public static class ClockTicks
{
    public const long PerSecond = 100;

    public const long NanosecondsPerTick = 1_000_000_000 / PerSecond;
}
