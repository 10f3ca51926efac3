using System.Runtime.CompilerServices;

namespace Vigil.Events.Prefilter;

/// <summary>
/// Finds the literals that are a whole JSON string, quotes included (<c>"cmd.exe"</c>: most of a rule set's literals
/// come from <c>==</c>, <c>in</c> and wildcard-free patterns), by hashing each string of a line once instead of
/// running them through the <see cref="LiteralAutomaton"/>: a line is a sequence of strings, and in JSON a quote
/// outside a string always opens one and the first unescaped quote after it closes it.
/// </summary>
/// <remarks>
/// A literal is found when some string or property name of the line, spelled as in the line, equals its inner bytes
/// (ASCII-folded for case-insensitive ones). That is slightly narrower than containing the bytes: <c>"b"</c> is in
/// the bytes of <c>"x"b"</c> but is not a string there. It is what the literal means: <c>RequiredLiterals</c> (Vigil.Eql)
/// makes a quoted-both-ends literal only from a comparison with a whole value, whose JSON spelling is a whole string
/// (unique but for the escapes that <see cref="LinePrefilter.EscapeTriggers"/> catch). Immutable; can be shared
/// between threads.
/// </remarks>
public sealed class WholeStringIndex
{
    private static readonly byte[] Fold = BuildFold();

    private readonly byte[]?[] keys;
    private readonly int[][] ids;
    private readonly PrefilterLiteral[] literals;
    private readonly int[] literalIds;
    private readonly int mask;
    private readonly ulong lengths;
    private readonly int longest;

    /// <summary>Indexes <paramref name="literals"/> (each must satisfy <see cref="IsWholeString"/>), reported under <paramref name="literalIds"/>.</summary>
    public WholeStringIndex(IReadOnlyList<PrefilterLiteral> literals, IReadOnlyList<int> literalIds)
    {
        ArgumentNullException.ThrowIfNull(literals);
        ArgumentNullException.ThrowIfNull(literalIds);
        this.literals = [.. literals];
        this.literalIds = [.. literalIds];
        var capacity = 16;
        while (capacity < literals.Count * 2)
        {
            capacity *= 2;
        }
        mask = capacity - 1;
        keys = new byte[capacity][];
        var lists = new List<int>[capacity];
        for (var i = 0; i < this.literals.Length; i++)
        {
            var literal = this.literals[i];
            if (!IsWholeString(literal))
            {
                throw new ArgumentException($"{literal} is not a whole JSON string", nameof(literals));
            }
            var inner = literal.Bytes[1..^1];
            var key = new byte[inner.Length];
            for (var k = 0; k < key.Length; k++)
            {
                key[k] = Fold[inner[k]];
            }
            var slot = (int)Hash(key) & mask;
            while (keys[slot] is { } existing && !existing.AsSpan().SequenceEqual(key))
            {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            (lists[slot] ??= []).Add(i);
            lengths |= 1UL << Math.Min(key.Length, 63);
            longest = Math.Max(longest, key.Length);
        }
        ids = new int[capacity][];
        for (var slot = 0; slot < capacity; slot++)
        {
            ids[slot] = lists[slot] is { } list ? [.. list] : [];
        }
    }

    /// <summary>Whether a literal is a quoted string with at least one byte and no quote inside.</summary>
    public static bool IsWholeString(PrefilterLiteral literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var bytes = literal.Bytes;
        return bytes.Length >= 3 && bytes[0] == (byte)'"' && bytes[^1] == (byte)'"' && bytes[1..^1].IndexOf((byte)'"') < 0;
    }

    /// <summary>
    /// For a line of JSON, sets the bit and appends the id (once) of every indexed literal some string equals. A
    /// line that is not JSON may be answered wrongly; callers only need the answer for lines that parse.
    /// </summary>
    public void FindAll(ReadOnlySpan<byte> line, Span<ulong> present, List<int> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var position = 0;
        while (true)
        {
            var open = line[position..].IndexOf((byte)'"');
            if (open < 0)
            {
                return;
            }
            var start = position + open + 1;
            var end = start;
            while (true)
            {
                var next = line[end..].IndexOfAny((byte)'"', (byte)'\\');
                if (next < 0)
                {
                    return;
                }
                end += next;
                if (line[end] == (byte)'"')
                {
                    break;
                }
                end += 2; // an escape: skip the escaped byte
                if (end >= line.Length)
                {
                    return;
                }
            }
            var length = end - start;
            if (length <= longest && (lengths & (1UL << Math.Min(length, 63))) != 0)
            {
                Lookup(line.Slice(start, length), present, found);
            }
            position = end + 1;
        }
    }

    private void Lookup(ReadOnlySpan<byte> content, Span<ulong> present, List<int> found)
    {
        var slot = (int)Hash(content) & mask;
        while (keys[slot] is { } key)
        {
            if (key.Length == content.Length && FoldedEquals(content, key))
            {
                foreach (var i in ids[slot])
                {
                    var literal = literals[i];
                    if (!literal.IgnoreCase && !content.SequenceEqual(literal.Bytes[1..^1]))
                    {
                        continue;
                    }
                    var id = literalIds[i];
                    ref var word = ref present[id >> 6];
                    if ((word & (1UL << id)) == 0)
                    {
                        word |= 1UL << id;
                        found.Add(id);
                    }
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u ^ (uint)bytes.Length;
        foreach (var b in bytes)
        {
            hash = (hash ^ Fold[b]) * 16777619u;
        }
        return hash ^ (hash >> 15);
    }

    private static bool FoldedEquals(ReadOnlySpan<byte> content, ReadOnlySpan<byte> foldedKey)
    {
        for (var i = 0; i < content.Length; i++)
        {
            if (Fold[content[i]] != foldedKey[i])
            {
                return false;
            }
        }
        return true;
    }

    private static byte[] BuildFold()
    {
        var fold = new byte[256];
        for (var b = 0; b < 256; b++)
        {
            fold[b] = (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : (byte)b;
        }
        return fold;
    }

    /// <summary>How many literals are indexed.</summary>
    public int Count => literals.Length;
}
