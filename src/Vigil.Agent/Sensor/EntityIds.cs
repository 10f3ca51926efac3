using System.Text;

namespace Vigil.Agent.Sensor;

/// <summary>
/// Defend-style <c>process.entity_id</c>: base64 of "host id-pid-start", the start in clock ticks since the epoch
/// (boot time from /proc/stat plus the ticks since boot). The same process gets the same id from the kernel's record
/// and from /proc, and again after an agent restart; a pid reused later starts at another tick.
/// </summary>
public static class EntityIds
{
    public static string For(string hostId, int pid, long bootTimeSeconds, long startTicks) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{hostId}-{pid}-{(bootTimeSeconds * ClockTicks.PerSecond) + startTicks}"));
}
