using System.IO.Hashing;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Agent.Sensor;

/// <summary>The host and agent blocks every event carries: id from /etc/machine-id, name, addresses, OS, boot time.</summary>
public sealed class HostIdentity
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<string> Ips { get; init; }

    public required IReadOnlyList<string> Macs { get; init; }

    public required string OsName { get; init; }

    public required string OsVersion { get; init; }

    public required string OsFamily { get; init; }

    public required string Kernel { get; init; }

    /// <summary>Boot time, seconds since the epoch (/proc/stat's btime): the base of the entity ids.</summary>
    public required long BootTimeSeconds { get; init; }

    /// <summary>Stable per host (derived from the machine id), so an agent restart keeps it.</summary>
    public required string AgentId { get; init; }

    public string AgentVersion { get; init; } = typeof(HostIdentity).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Reads this machine's identity.</summary>
    public static HostIdentity Read()
    {
        var id = ReadTrimmed("/etc/machine-id") ?? ReadTrimmed("/var/lib/dbus/machine-id")
            ?? throw new SensorUnavailableException("/etc/machine-id is missing: host.id and the entity ids derive from it (systemd-machine-id-setup creates it)");
        var os = ReadOsRelease();
        var ips = new List<string>();
        var macs = new List<string>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var address in nic.GetIPProperties().UnicastAddresses)
            {
                if (address.Address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                {
                    ips.Add(address.Address.ToString().Split('%')[0]);
                }
            }
            var mac = nic.GetPhysicalAddress().GetAddressBytes();
            if (mac.Length == 6 && mac.Any(static b => b != 0))
            {
                macs.Add(string.Join('-', mac.Select(static b => b.ToString("X2"))));
            }
        }
        // A UUID of version 8 (RFC 9562's custom kind) from a hash of the host id: the same agent id after a
        // reinstall. xxHash rather than SHA-256 keeps OpenSSL out of the agent's memory.
        var agentHash = XxHash128.Hash(Encoding.UTF8.GetBytes("vigil-agent:" + id));
        agentHash[6] = (byte)((agentHash[6] & 0x0F) | 0x80);
        agentHash[8] = (byte)((agentHash[8] & 0x3F) | 0x80);
        return new HostIdentity
        {
            Id = id,
            Name = Environment.MachineName,
            Ips = ips.Distinct().ToArray(),
            Macs = macs.Distinct().ToArray(),
            OsName = os.GetValueOrDefault("NAME", "Linux"),
            OsVersion = os.GetValueOrDefault("VERSION", os.GetValueOrDefault("VERSION_ID", "")),
            OsFamily = os.GetValueOrDefault("ID", "linux"),
            Kernel = ReadTrimmed("/proc/sys/kernel/osrelease") ?? "",
            BootTimeSeconds = ReadBootTime(),
            AgentId = new Guid(agentHash.AsSpan(0, 16), bigEndian: true).ToString(),
        };
    }

    private static long ReadBootTime()
    {
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        throw new SensorUnavailableException("/proc/stat has no btime line");
    }

    private static Dictionary<string, string> ReadOsRelease()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = File.Exists("/etc/os-release") ? "/etc/os-release" : "/usr/lib/os-release";
        if (!File.Exists(path))
        {
            return values;
        }
        foreach (var line in File.ReadLines(path))
        {
            var eq = line.IndexOf('=');
            if (eq > 0)
            {
                values[line[..eq]] = line[(eq + 1)..].Trim('"');
            }
        }
        return values;
    }

    private static string? ReadTrimmed(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
