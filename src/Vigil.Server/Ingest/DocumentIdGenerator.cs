using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigil.Server.Ingest;

/// <summary>
/// Elasticsearch-style automatic <c>_id</c>s: 15 bytes as 20 characters of URL-safe base64 without padding —
/// milliseconds since the epoch (6 bytes), a sequence number (3 bytes, so ids within one millisecond differ) and a
/// random node id drawn at start (6 bytes, so two processes do not collide). Time first, so ids sort roughly by arrival.
/// </summary>
public sealed class DocumentIdGenerator
{
    private readonly byte[] node = RandomNumberGenerator.GetBytes(6);
    private int sequence = RandomNumberGenerator.GetInt32(1 << 24);

    public string Next(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[15];
        long millis = now.ToUnixTimeMilliseconds();
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, millis);
        time[2..].CopyTo(bytes);
        int seq = Interlocked.Increment(ref sequence) & 0xFFFFFF;
        bytes[6] = (byte)(seq >> 16);
        bytes[7] = (byte)(seq >> 8);
        bytes[8] = (byte)seq;
        node.CopyTo(bytes[9..]);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }
}
