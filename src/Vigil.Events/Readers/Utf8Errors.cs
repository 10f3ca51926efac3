using System.Buffers;
using System.Text;

namespace Vigil.Events.Readers;

/// <summary>Locates the first byte that is not valid UTF-8 (only used once a fast check has failed).</summary>
internal static class Utf8Errors
{
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        int position = 0;
        while (position < bytes.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(bytes[position..], out _, out int consumed);
            if (status != OperationStatus.Done)
            {
                return position;
            }
            position += consumed;
        }
        return bytes.Length;
    }
}
