using System.Buffers;
using System.Text;

namespace Vigil.Eql.Runtime;

/// <summary>UTF-8 text helpers: ordinal and case-insensitive comparison without allocating.</summary>
public static class Utf8Text
{
    /// <summary>Ordinal (code point order) comparison, as ES compares keyword values.</summary>
    public static int CompareOrdinal(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => left.SequenceCompareTo(right);

    /// <summary>Case-insensitive equality (simple lower-case folding per character).</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.SequenceEqual(right))
        {
            return true;
        }
        if (IsAscii(left) && IsAscii(right))
        {
            return System.Text.Ascii.EqualsIgnoreCase(left, right);
        }
        char[]? rentedA = null;
        char[]? rentedB = null;
        try
        {
            var a = Decode(left, stackalloc char[128], ref rentedA);
            var b = Decode(right, stackalloc char[128], ref rentedB);
            if (a.Length != b.Length)
            {
                return false;
            }
            for (var i = 0; i < a.Length; i++)
            {
                if (char.ToLowerInvariant(a[i]) != char.ToLowerInvariant(b[i]))
                {
                    return false;
                }
            }
            return true;
        }
        finally
        {
            Return(rentedA);
            Return(rentedB);
        }
    }

    /// <summary>Decodes UTF-8 into <paramref name="buffer"/>, renting a bigger one when needed.</summary>
    public static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, Span<char> buffer, ref char[]? rented)
    {
        var max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (max > buffer.Length)
        {
            rented = ArrayPool<char>.Shared.Rent(max);
            buffer = rented;
        }
        var written = Encoding.UTF8.GetChars(utf8, buffer);
        return buffer[..written];
    }

    /// <summary>Returns a buffer rented by <see cref="Decode"/>.</summary>
    public static void Return(char[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static bool IsAscii(ReadOnlySpan<byte> bytes) => System.Text.Ascii.IsValid(bytes);
}
