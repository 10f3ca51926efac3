using System.Net;
using System.Text.Json;

namespace Vigil.Simulation.Tests;

/// <summary>
/// A plain, independent reading of the seed rule (sequence by host.id, process.entity_id with maxspan=1s: a shell
/// execs cat, then that cat's connection_attempted/disconnect_received to a non-excluded address), used to check
/// the simulator's labels. Written from the rule text, not from the simulator's code.
/// </summary>
internal static class CatNetworkOracle
{
    private static readonly string[] Shells = ["bash", "dash", "sh", "tcsh", "csh", "zsh", "ksh", "fish"];

    private static readonly IPNetwork[] Excluded = Array.ConvertAll(
        ("10.0.0.0/8 127.0.0.0/8 169.254.0.0/16 172.16.0.0/12 192.0.0.0/24 192.0.0.0/29 192.0.0.8/32 192.0.0.9/32 192.0.0.10/32 " +
         "192.0.0.170/32 192.0.0.171/32 192.0.2.0/24 192.31.196.0/24 192.52.193.0/24 192.168.0.0/16 192.88.99.0/24 224.0.0.0/4 " +
         "100.64.0.0/10 192.175.48.0/24 198.18.0.0/15 198.51.100.0/24 203.0.113.0/24 240.0.0.0/4 ::1/128 FE80::/10 FF00::/8").Split(' '),
        IPNetwork.Parse);

    public static bool IsExcluded(string ip)
    {
        if (ip == "0.0.0.0")
        {
            return true;
        }
        IPAddress address = IPAddress.Parse(ip);
        return Array.Exists(Excluded, network => network.Contains(address));
    }

    /// <summary>The (host.id, process.entity_id) pairs the rule would alert on.</summary>
    public static List<(string Host, string EntityId)> Matches(IEnumerable<JsonElement> events)
    {
        var starts = new Dictionary<(string, string), DateTimeOffset>();
        var matches = new List<(string, string)>();
        foreach (JsonElement e in events)
        {
            JsonElement process = e.GetProperty("process");
            JsonElement evt = e.GetProperty("event");
            var key = (e.GetProperty("host").GetProperty("id").GetString()!, process.GetProperty("entity_id").GetString()!);
            DateTimeOffset time = DateTimeOffset.Parse(e.GetProperty("@timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            string action = evt.GetProperty("action").GetString()!;
            string category = evt.GetProperty("category")[0].GetString()!;
            if (e.GetProperty("host").GetProperty("os").GetProperty("type").GetString() != "linux")
            {
                continue;
            }
            if (category == "process" && action == "exec" && process.GetProperty("name").GetString() == "cat" &&
                evt.GetProperty("type").EnumerateArray().Any(t => t.GetString() == "start") &&
                process.TryGetProperty("parent", out JsonElement parent) && Shells.Contains(parent.GetProperty("name").GetString()))
            {
                starts[key] = time;
            }
            else if (category == "network" && action is "connection_attempted" or "disconnect_received" &&
                     process.GetProperty("name").GetString() == "cat" &&
                     !IsExcluded(e.GetProperty("destination").GetProperty("ip").GetString()!) &&
                     starts.TryGetValue(key, out DateTimeOffset start) && time - start <= TimeSpan.FromSeconds(1))
            {
                matches.Add(key);
                starts.Remove(key);
            }
        }
        return matches;
    }
}
