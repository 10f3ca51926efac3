namespace Vigil.Events.Prefilter;

/// <summary>
/// Finds the escape triggers <c>\u</c> and <c>\/</c> in one pass: backslashes are rare in most event data, so a
/// vectorised search for the backslash alone, then a look at the next byte, costs one sweep instead of two.
/// </summary>
internal sealed class EscapeSearcher : ByteSearcher
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public override int IndexIn(ReadOnlySpan<byte> haystack)
    {
        var offset = 0;
        while (true)
        {
            var relative = haystack[offset..].IndexOf((byte)'\\');
            if (relative < 0)
            {
                return -1;
            }
            var at = offset + relative;
            if (at + 1 < haystack.Length && haystack[at + 1] is (byte)'u' or (byte)'/')
            {
                return at;
            }
            offset = at + 1;
        }
    }
}
