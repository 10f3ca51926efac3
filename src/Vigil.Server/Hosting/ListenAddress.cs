using System.Globalization;
using System.Net;

namespace Vigil.Server.Hosting;

/// <summary>
/// A parsed <c>--listen</c>: <c>HOST:PORT</c> with an IPv4 address, <c>[IPv6]:PORT</c>, <c>localhost:PORT</c> or
/// <c>:PORT</c> (every address). Port 0 asks the system for a free port (tests). Host names other than localhost are
/// refused: a name can resolve to a public address, and the credential rule depends on knowing which.
/// </summary>
public sealed record ListenAddress(IPAddress Address, int Port)
{
    /// <summary>True when only this machine can connect (127.0.0.0/8, ::1): the one case served without credentials.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    public static bool TryParse(string text, out ListenAddress? address, out string? error)
    {
        address = null;
        error = null;
        text = text.Trim();
        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"--listen '{text}' needs a port: HOST:PORT, e.g. 127.0.0.1:9200 or [::1]:9200";
            return false;
        }
        string host = text[..colon];
        string portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            error = $"--listen '{text}': '{portText}' is not a port (0-65535)";
            return false;
        }
        IPAddress ip;
        if (host.Length == 0)
        {
            ip = IPAddress.IPv6Any;
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            ip = IPAddress.Loopback;
        }
        else if (host.StartsWith('[') && host.EndsWith(']') && IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            ip = v6;
        }
        else if (!host.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            ip = v4;
        }
        else
        {
            error = $"--listen '{text}': '{host}' is not an IP address (write IPv6 as [::1]:9200; host names other than localhost are not accepted)";
            return false;
        }
        address = new ListenAddress(ip, port);
        return true;
    }

    public override string ToString() =>
        Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{Address}]:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{Address}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
