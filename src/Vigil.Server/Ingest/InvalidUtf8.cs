using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Vigil.Server.Ingest;

/// <summary>Where a byte sequence stops being UTF-8, for errors that name the byte (documents and action lines).</summary>
public static class InvalidUtf8
{
    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence, or -1 when all is valid.</summary>
    public static int FirstOffset(ReadOnlySpan<byte> span)
    {
        if (Utf8.IsValid(span))
        {
            return -1;
        }
        int at = 0;
        while (at < span.Length && Rune.DecodeFromUtf8(span[at..], out _, out int used) == OperationStatus.Done)
        {
            at += used;
        }
        return at;
    }
}
