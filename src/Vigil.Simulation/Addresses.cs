using System.Net;

namespace Vigil.Simulation;

/// <summary>
/// Address pools: public addresses that lie outside every range the cat-network rule excludes (checked, not
/// assumed), and private addresses inside them.
/// </summary>
public static class Addresses
{
    /// <summary>The ranges the seed rule treats as not-public (its <c>cidrmatch</c> list).</summary>
    public static IReadOnlyList<IPNetwork> RuleExcludedRanges { get; } =
    [
        .. Parse("10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
            "192.31.196.0/24", "192.52.193.0/24", "192.168.0.0/16", "192.88.99.0/24", "224.0.0.0/4", "100.64.0.0/10",
            "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "::1/128",
            "fe80::/10", "ff00::/8", "0.0.0.0/32"),
    ];

    // Prefixes of well-known public services (mirrors, code hosting, CDNs, clouds) and of hosting providers an
    // attacker might rent; every address drawn from them is checked against the excluded ranges.
    private static readonly (byte A, byte B, byte C)[] PublicPrefixes =
    [
        (91, 189, 91), (185, 125, 190), (151, 101, 2), (140, 82, 112), (140, 82, 121), (185, 199, 108),
        (104, 16, 132), (13, 107, 42), (20, 60, 40), (34, 117, 59), (52, 94, 236), (54, 239, 28), (142, 250, 74),
        (172, 217, 16), (199, 232, 0), (45, 33, 32), (139, 59, 17), (167, 99, 240), (185, 220, 101), (95, 214, 55),
        (5, 188, 62), (193, 34, 166), (146, 70, 80), (64, 227, 0), (8, 8, 8), (1, 1, 1), (9, 9, 9),
    ];

    private static readonly string[] AttackerPublicPrefixes = ["45.33.32", "139.59.17", "167.99.240", "185.220.101", "95.214.55", "5.188.62", "193.34.166", "146.70.80"];

    /// <summary>A public IPv4 address from a benign service prefix.</summary>
    public static string Public(Prng random)
    {
        while (true)
        {
            var (a, b, c) = PublicPrefixes[random.Next(PublicPrefixes.Length)];
            string address = $"{a}.{b}.{c}.{random.Next(1, 255)}";
            if (IsPublic(address))
            {
                return address;
            }
        }
    }

    /// <summary>A public address of the kind an exfiltration target would have (rented servers).</summary>
    public static string AttackerPublic(Prng random)
    {
        while (true)
        {
            string address = $"{AttackerPublicPrefixes[random.Next(AttackerPublicPrefixes.Length)]}.{random.Next(1, 255)}";
            if (IsPublic(address))
            {
                return address;
            }
        }
    }

    /// <summary>A private address (RFC 1918 or carrier-grade NAT).</summary>
    public static string Private(Prng random) => random.Next(4) switch
    {
        0 => $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}",
        1 => $"172.{random.Next(16, 32)}.{random.Next(256)}.{random.Next(1, 255)}",
        2 => $"192.168.{random.Next(256)}.{random.Next(1, 255)}",
        _ => $"100.{random.Next(64, 128)}.{random.Next(256)}.{random.Next(1, 255)}",
    };

    /// <summary>True when the address is outside every range the rule excludes.</summary>
    public static bool IsPublic(string address)
    {
        if (!IPAddress.TryParse(address, out IPAddress? ip))
        {
            return false;
        }
        foreach (IPNetwork network in RuleExcludedRanges)
        {
            if (network.Contains(ip))
            {
                return false;
            }
        }
        return true;
    }

    private static IPNetwork[] Parse(params string[] ranges) => Array.ConvertAll(ranges, IPNetwork.Parse);
}
