using System.Buffers.Text;
using System.Security.Cryptography;

namespace Vigil.Detection.Engine;

/// <summary>
/// The <c>_id</c> of an event read without an envelope: the first 15 bytes of the SHA-256 of its JSON bytes in
/// URL-safe base64 (20 characters, the length of an Elasticsearch auto id), so a re-scan of the same input yields the
/// same event ids and therefore the same alert ids.
/// </summary>
public static class EventIdentity
{
    public static string Derive(ReadOnlySpan<byte> json)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(json, hash);
        return Base64Url.EncodeToString(hash[..15]);
    }
}
