using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Vigil.Events.Prefilter;

/// <summary>
/// Finds one literal in a large buffer. The literal's two rarest bytes (by a frequency guess for JSON event text)
/// are its anchors: 32 positions at a time are tested with two vector compares (case-insensitive anchors compare
/// the byte OR 0x20, which folds exactly the two cases of a letter), and only positions where both anchors agree
/// are compared in full. The stock span search anchors on the first byte, which in JSON is usually a quote, one of
/// the commonest bytes.
/// </summary>
internal sealed class LiteralSearcher : ByteSearcher
{
    private readonly byte[] needle;
    private readonly bool ignoreCase;
    private readonly int firstOffset;
    private readonly int secondOffset;
    private readonly byte firstValue;
    private readonly byte secondValue;
    private readonly byte firstFold;
    private readonly byte secondFold;

    public LiteralSearcher(PrefilterLiteral literal)
    {
        Literal = literal;
        needle = literal.Bytes.ToArray();
        ignoreCase = literal.IgnoreCase;
        (firstOffset, secondOffset) = RarestPair(needle, ignoreCase);
        firstValue = needle[firstOffset];
        secondValue = needle[secondOffset];
        firstFold = ignoreCase && IsAsciiLetter(firstValue) ? (byte)0x20 : (byte)0;
        secondFold = ignoreCase && IsAsciiLetter(secondValue) ? (byte)0x20 : (byte)0;
    }

    public PrefilterLiteral Literal { get; }

    /// <summary>The first offset of the literal in <paramref name="haystack"/>, or -1.</summary>
    // Fully optimised from the first call: the loop runs once per buffer, so tiering would spend the first
    // buffers of a run in unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int IndexIn(ReadOnlySpan<byte> haystack)
    {
        var length = needle.Length;
        if (length == 1 && !ignoreCase)
        {
            return haystack.IndexOf(needle[0]);
        }
        var lastStart = haystack.Length - length;
        if (lastStart < 0)
        {
            return -1;
        }
        var position = 0;
        if (Vector256.IsHardwareAccelerated && length >= 2)
        {
            ref var origin = ref MemoryMarshal.GetReference(haystack);
            var first = Vector256.Create(firstValue);
            var second = Vector256.Create(secondValue);
            var firstFolding = Vector256.Create(firstFold);
            var secondFolding = Vector256.Create(secondFold);
            // Each step tests match starts position..position+31; both anchor loads stay inside the haystack
            // because position + 31 <= lastStart and the anchors lie inside the literal.
            for (; position + Vector256<byte>.Count - 1 <= lastStart; position += Vector256<byte>.Count)
            {
                var atFirst = Vector256.LoadUnsafe(ref origin, (nuint)(position + firstOffset)) | firstFolding;
                var atSecond = Vector256.LoadUnsafe(ref origin, (nuint)(position + secondOffset)) | secondFolding;
                var mask = (Vector256.Equals(atFirst, first) & Vector256.Equals(atSecond, second)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var start = position + BitOperations.TrailingZeroCount(mask);
                    if (Matches(haystack.Slice(start, length)))
                    {
                        return start;
                    }
                    mask &= mask - 1;
                }
            }
        }
        for (; position <= lastStart; position++)
        {
            if (Matches(haystack.Slice(position, length)))
            {
                return position;
            }
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Matches(ReadOnlySpan<byte> candidate) =>
        ignoreCase ? Ascii.EqualsIgnoreCase(candidate, needle) : candidate.SequenceEqual(needle);

    /// <summary>
    /// The anchors: the byte least likely in JSON event text (letters cost double when folded), and the byte farthest
    /// from it. Far-apart anchors are less correlated than neighbours: in <c>"cat"</c> the pair c·a also fires on
    /// every <c>"category"</c>, while c and the closing quote three bytes on rarely do.
    /// </summary>
    private static (int, int) RarestPair(ReadOnlySpan<byte> value, bool ignoreCase)
    {
        if (value.Length == 1)
        {
            return (0, 0);
        }
        var rarest = 0;
        for (var i = 1; i < value.Length; i++)
        {
            if (Cost(value[i], ignoreCase) < Cost(value[rarest], ignoreCase))
            {
                rarest = i;
            }
        }
        var farthest = rarest >= value.Length - 1 - rarest ? 0 : value.Length - 1;
        return rarest < farthest ? (rarest, farthest) : (farthest, rarest);
    }

    private static int Cost(byte b, bool ignoreCase) => ByteFrequency(b) * (ignoreCase && IsAsciiLetter(b) ? 2 : 1);

    /// <summary>A coarse rank of how common a byte is in Elastic event JSON (higher is more common).</summary>
    private static int ByteFrequency(byte b) => b switch
    {
        (byte)'"' => 90,
        (byte)':' or (byte)',' => 60,
        (byte)'.' or (byte)'_' => 55,
        (byte)'e' or (byte)'t' or (byte)'a' or (byte)'o' or (byte)'i' or (byte)'n' or (byte)'s' or (byte)'r' => 50,
        >= (byte)'0' and <= (byte)'9' => 45,
        (byte)'l' or (byte)'c' or (byte)'d' or (byte)'h' or (byte)'u' or (byte)'m' or (byte)'p' => 35,
        (byte)'-' or (byte)'/' or (byte)'{' or (byte)'}' => 30,
        (byte)'f' or (byte)'g' or (byte)'b' or (byte)'y' or (byte)'w' or (byte)'v' => 20,
        >= (byte)'a' and <= (byte)'z' => 10,
        >= (byte)'A' and <= (byte)'Z' => 12,
        _ => 5,
    };

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
