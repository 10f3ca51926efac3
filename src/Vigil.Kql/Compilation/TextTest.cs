using System.Buffers;
using System.Text;

namespace Vigil.Kql.Compilation;

/// <summary>
/// A full-text test on an analysed field: the value is run through the standard analyzer and its tokens tested.
/// Buffers are rented per call, so the test holds no mutable state.
/// </summary>
internal abstract class TextTest : KeywordTest
{
    public override bool String(ReadOnlySpan<byte> utf8)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, Encoding.UTF8.GetMaxCharCount(utf8.Length)));
        var lowered = ArrayPool<char>.Shared.Rent(chars.Length);
        try
        {
            var count = Encoding.UTF8.GetChars(utf8, chars);
            var tokens = new List<(int Start, int Length)>();
            StandardAnalyzer.Tokenize(chars.AsSpan(0, count), lowered, tokens);
            return Tokens(lowered, tokens);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lowered);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    protected abstract bool Tokens(char[] lowered, List<(int Start, int Length)> tokens);
}
