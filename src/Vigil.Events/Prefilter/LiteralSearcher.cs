using System.Text;

namespace Vigil.Events.Prefilter;

/// <summary>
/// Finds one literal in a large buffer with vectorised span searches. Exact literals use
/// <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> (SIMD on a first/last byte pair);
/// case-insensitive literals search their rarest byte (both cases at once with IndexOfAny) and compare the rest
/// under ASCII folding.
/// </summary>
internal sealed class LiteralSearcher
{
    private readonly byte[] needle;
    private readonly bool ignoreCase;
    private readonly int anchorOffset;
    private readonly byte anchorLower;
    private readonly byte anchorUpper;

    public LiteralSearcher(PrefilterLiteral literal)
    {
        Literal = literal;
        needle = literal.Bytes.ToArray();
        ignoreCase = literal.IgnoreCase;
        anchorOffset = ignoreCase ? RarestByteOffset(needle) : 0;
        anchorLower = needle[anchorOffset];
        anchorUpper = IsAsciiLetter(anchorLower) ? (byte)(anchorLower & ~0x20) : anchorLower;
    }

    public PrefilterLiteral Literal { get; }

    /// <summary>The first offset of the literal in <paramref name="haystack"/>, or -1.</summary>
    public int IndexIn(ReadOnlySpan<byte> haystack)
    {
        if (!ignoreCase)
        {
            return haystack.IndexOf(needle);
        }
        var length = needle.Length;
        // The anchor byte of a match sits at (match start + anchorOffset); search only where a whole match fits.
        var searchFrom = anchorOffset;
        var searchLimit = haystack.Length - (length - anchorOffset - 1);
        while (searchFrom < searchLimit)
        {
            var region = haystack[searchFrom..searchLimit];
            var relative = anchorLower == anchorUpper
                ? region.IndexOf(anchorLower)
                : region.IndexOfAny(anchorLower, anchorUpper);
            if (relative < 0)
            {
                return -1;
            }
            var start = searchFrom + relative - anchorOffset;
            if (Ascii.EqualsIgnoreCase(haystack.Slice(start, length), needle))
            {
                return start;
            }
            searchFrom += relative + 1;
        }
        return -1;
    }

    /// <summary>
    /// Picks the byte least likely to occur in JSON event text, so that the vector search stops rarely. Letters count
    /// double (both cases are searched).
    /// </summary>
    private static int RarestByteOffset(ReadOnlySpan<byte> value)
    {
        var best = 0;
        var bestCost = int.MaxValue;
        for (var i = 0; i < value.Length; i++)
        {
            var cost = ByteFrequency(value[i]) * (IsAsciiLetter(value[i]) ? 2 : 1);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = i;
            }
        }
        return best;
    }

    /// <summary>A coarse rank of how common a byte is in Elastic event JSON (higher is more common).</summary>
    private static int ByteFrequency(byte b) => b switch
    {
        (byte)'"' or (byte)':' or (byte)',' or (byte)'.' or (byte)'_' => 60,
        (byte)'e' or (byte)'t' or (byte)'a' or (byte)'o' or (byte)'i' or (byte)'n' or (byte)'s' or (byte)'r' => 50,
        >= (byte)'0' and <= (byte)'9' => 45,
        (byte)'l' or (byte)'c' or (byte)'d' or (byte)'h' or (byte)'u' or (byte)'m' or (byte)'p' => 35,
        (byte)'-' or (byte)'/' or (byte)'{' or (byte)'}' => 30,
        (byte)'f' or (byte)'g' or (byte)'b' or (byte)'y' or (byte)'w' or (byte)'v' => 20,
        >= (byte)'a' and <= (byte)'z' => 10,
        _ => 5,
    };

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
