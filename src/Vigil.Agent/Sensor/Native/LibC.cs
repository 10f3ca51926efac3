using System.Runtime.InteropServices;

namespace Vigil.Agent.Sensor.Native;

/// <summary>clock_gettime, for the offset between the kernel's boot clock (record times) and wall time.</summary>
internal static unsafe partial class LibC
{
    private const int ClockRealtime = 0;
    private const int ClockBoottime = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, Timespec* time);

    /// <summary>Nanoseconds since the epoch at the kernel's boot-clock zero (wall = this + boot-clock ns).</summary>
    public static long BootEpochNanoseconds()
    {
        Timespec real, boot;
        ClockGetTime(ClockRealtime, &real);
        ClockGetTime(ClockBoottime, &boot);
        return (real.Seconds - boot.Seconds) * 1_000_000_000L + (real.Nanoseconds - boot.Nanoseconds);
    }
}
