using System.Security.Cryptography;
using System.Text;

namespace Vigil.Server.Hosting;

/// <summary>
/// Checks the <c>Authorization</c> header against the API keys and basic-auth users given at start. An API key is
/// accepted as Elasticsearch clients send it (<c>ApiKey base64(id:key)</c>) or raw; a configured key may itself be
/// <c>id:key</c> (then the bare key is accepted too), its base64 or a bare key (then any id goes with it).
/// Comparisons are constant-time.
/// </summary>
public sealed class CredentialChecker
{
    private readonly byte[][] apiKeys;
    private readonly byte[][] basicUsers;

    public CredentialChecker(IReadOnlyList<string> apiKeys, IReadOnlyList<string> basicUsers)
    {
        this.apiKeys = [.. apiKeys.Where(k => k.Length > 0).Select(k => Encoding.UTF8.GetBytes(k))];
        this.basicUsers = [.. basicUsers.Where(u => u.Contains(':', StringComparison.Ordinal)).Select(u => Encoding.UTF8.GetBytes(u))];
    }

    /// <summary>False when neither keys nor users were configured: every request is let through (loopback only).</summary>
    public bool Required => apiKeys.Length > 0 || basicUsers.Length > 0;

    /// <summary>Null when the request may go on; otherwise the reason, in Elasticsearch's words, for the 401.</summary>
    public string? Refusal(string? authorization, string path)
    {
        if (!Required)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return $"missing authentication credentials for REST request [{path}]";
        }
        int space = authorization.IndexOf(' ', StringComparison.Ordinal);
        string scheme = space < 0 ? authorization : authorization[..space];
        string value = space < 0 ? "" : authorization[(space + 1)..].Trim();
        if (scheme.Equals("ApiKey", StringComparison.OrdinalIgnoreCase))
        {
            return ApiKeyMatches(value) ? null : $"unable to authenticate with provided credentials and anonymous access is not allowed for this request [{path}]";
        }
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            byte[]? pair = DecodeBase64(value);
            if (pair is not null && basicUsers.Any(u => CryptographicOperations.FixedTimeEquals(u, pair)))
            {
                return null;
            }
            string user = pair is null ? "" : Encoding.UTF8.GetString(pair).Split(':')[0];
            return $"unable to authenticate user [{user}] for REST request [{path}]";
        }
        return $"missing authentication credentials for REST request [{path}]";
    }

    private bool ApiKeyMatches(string value)
    {
        byte[] raw = Encoding.UTF8.GetBytes(value);
        byte[]? decoded = DecodeBase64(value);
        byte[]? keyPart = null;
        if (decoded is not null)
        {
            int colon = Array.IndexOf(decoded, (byte)':');
            keyPart = colon >= 0 ? decoded[(colon + 1)..] : null;
        }
        foreach (var key in apiKeys)
        {
            // Checked in full each time (no early exit on a match) so timing says nothing about which form matched.
            bool match = CryptographicOperations.FixedTimeEquals(key, raw);
            match |= decoded is not null && CryptographicOperations.FixedTimeEquals(key, decoded);
            match |= keyPart is not null && CryptographicOperations.FixedTimeEquals(key, keyPart);
            int colon = Array.IndexOf(key, (byte)':');
            match |= colon >= 0 && CryptographicOperations.FixedTimeEquals(key.AsSpan(colon + 1), raw);
            if (match)
            {
                return true;
            }
        }
        return false;
    }

    private static byte[]? DecodeBase64(string value)
    {
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(value, buffer, out int written) ? buffer[..written] : null;
    }
}
