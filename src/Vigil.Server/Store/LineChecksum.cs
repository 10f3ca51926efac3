using System.Buffers.Binary;
using System.Numerics;

namespace Vigil.Server.Store;

/// <summary>
/// CRC-32C of one event line, kept in its envelope so recovery can tell a line that reached the disk from one that
/// was torn or zero-filled (hardware CRC instructions: far below the cost of the write itself).
/// </summary>
internal static class LineChecksum
{
    public static uint Of(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFFu;
        while (bytes.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }
        foreach (var b in bytes)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return ~crc;
    }
}
