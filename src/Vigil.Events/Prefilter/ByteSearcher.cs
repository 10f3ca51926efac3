namespace Vigil.Events.Prefilter;

/// <summary>Something the scanner looks for in a buffer: a literal, or the escape triggers.</summary>
internal abstract class ByteSearcher
{
    /// <summary>The first offset of a match in <paramref name="haystack"/>, or -1.</summary>
    public abstract int IndexIn(ReadOnlySpan<byte> haystack);
}
