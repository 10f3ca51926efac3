using System.Text;

namespace Vigil.Events.Prefilter;

/// <summary>
/// A byte string a line must contain (one alternative of a <see cref="LiteralSet"/>). When <see cref="IgnoreCase"/>
/// is set the bytes are ASCII and stored lower-cased, and a line contains the literal if it contains the bytes under
/// ASCII case folding.
/// </summary>
public sealed class PrefilterLiteral : IEquatable<PrefilterLiteral>
{
    private readonly byte[] bytes;

    private PrefilterLiteral(byte[] bytes, bool ignoreCase)
    {
        this.bytes = bytes;
        IgnoreCase = ignoreCase;
    }

    /// <summary>The bytes to look for (lower-cased ASCII when <see cref="IgnoreCase"/>).</summary>
    public ReadOnlySpan<byte> Bytes => bytes;

    /// <summary>Whether the literal matches under ASCII case folding.</summary>
    public bool IgnoreCase { get; }

    /// <summary>The number of bytes.</summary>
    public int Length => bytes.Length;

    /// <summary>A literal that must occur byte for byte.</summary>
    public static PrefilterLiteral Exact(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            throw new ArgumentException("A prefilter literal cannot be empty.", nameof(value));
        }
        return new PrefilterLiteral(value.ToArray(), ignoreCase: false);
    }

    /// <summary>A literal that must occur under ASCII case folding; <paramref name="value"/> must be ASCII.</summary>
    public static PrefilterLiteral IgnoringCase(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            throw new ArgumentException("A prefilter literal cannot be empty.", nameof(value));
        }
        if (!Ascii.IsValid(value))
        {
            // Folding beyond ASCII is not byte-local (lengths change, some letters fold into ASCII), so the scanner
            // only supports ASCII folding; the compiler cuts case-insensitive literals at non-ASCII characters.
            throw new ArgumentException("A case-insensitive prefilter literal must be ASCII.", nameof(value));
        }
        var lowered = new byte[value.Length];
        Ascii.ToLower(value, lowered, out _);
        // A literal without letters has nothing to fold: it is an exact literal, which the scanner finds faster.
        return new PrefilterLiteral(lowered, ignoreCase: HasAsciiLetter(lowered));
    }

    /// <summary>Whether <paramref name="line"/> contains this literal (the plain reference check).</summary>
    public bool IsContainedIn(ReadOnlySpan<byte> line) => IndexIn(line) >= 0;

    /// <summary>The first offset of this literal in <paramref name="haystack"/>, or -1.</summary>
    public int IndexIn(ReadOnlySpan<byte> haystack)
    {
        if (!IgnoreCase)
        {
            return haystack.IndexOf(bytes);
        }
        for (var start = 0; start + bytes.Length <= haystack.Length; start++)
        {
            if (Ascii.EqualsIgnoreCase(haystack.Slice(start, bytes.Length), bytes))
            {
                return start;
            }
        }
        return -1;
    }

    public bool Equals(PrefilterLiteral? other) =>
        other is not null && IgnoreCase == other.IgnoreCase && bytes.AsSpan().SequenceEqual(other.bytes);

    public override bool Equals(object? obj) => Equals(obj as PrefilterLiteral);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        hash.Add(IgnoreCase);
        return hash.ToHashCode();
    }

    /// <summary>The literal as text: <c>"cat"</c> for exact, <c>~"cat"</c> for case-insensitive.</summary>
    public override string ToString() => (IgnoreCase ? "~" : "") + "«" + Encoding.UTF8.GetString(bytes) + "»";

    private static bool HasAsciiLetter(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if ((uint)((b | 0x20) - 'a') <= 'z' - 'a')
            {
                return true;
            }
        }
        return false;
    }
}
