using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Kql.Compilation;

/// <summary>
/// An <c>ip</c> field: every address is compared as its 16-byte IPv6 form (how Elasticsearch indexes it, so
/// <c>1.2.3.4</c> and <c>::ffff:1.2.3.4</c> are one address) against inclusive bounds; a CIDR block is the range of
/// its addresses.
/// </summary>
internal sealed class IpTest(byte[] lower, byte[] upper) : ValueTest
{
    public override bool String(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[64];
        if (utf8.Length > chars.Length)
        {
            return false;
        }
        var count = Encoding.UTF8.GetChars(utf8, chars);
        if (!IPAddress.TryParse(chars[..count], out var address))
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        Write(address, bytes);
        return bytes.SequenceCompareTo(lower) >= 0 && bytes.SequenceCompareTo(upper) <= 0;
    }

    /// <summary>The address as 16 bytes (IPv4 mapped into IPv6).</summary>
    public static void Write(IPAddress address, Span<byte> destination)
    {
        var mapped = address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        mapped.TryWriteBytes(destination, out _);
    }

    /// <summary>The first and last addresses of a block given as <c>addr</c> or <c>addr/prefix</c>; false when invalid.</summary>
    public static bool TryParseBlock(string text, out byte[] first, out byte[] last)
    {
        first = new byte[16];
        last = new byte[16];
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address))
        {
            return false;
        }
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            return false;
        }
        Write(address, first);
        var bits = prefix + (128 - maxPrefix);
        for (var i = 0; i < 16; i++)
        {
            var keep = Math.Clamp(bits - i * 8, 0, 8);
            var mask = (byte)(0xFF << (8 - keep));
            last[i] = (byte)(first[i] | ~mask);
            first[i] &= mask;
        }
        return true;
    }
}
