using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Kql.Compilation;

/// <summary>
/// Elasticsearch's <c>wildcard</c> query from a rule filter: <c>*</c> any run, <c>?</c> one character, <c>\</c>
/// escapes the next character; over the whole keyword value, or over each token of a text field. Runs as an
/// anchored regular expression on the linear-time (non-backtracking) engine.
/// </summary>
internal sealed class FilterWildcardTest(Regex regex, bool tokens) : KeywordTest
{
    public static Regex Compile(string pattern, bool caseInsensitive)
    {
        var expression = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                expression.Append(Regex.Escape(pattern[++i].ToString()));
                continue;
            }
            expression.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        expression.Append('$');
        var options = RegexOptions.NonBacktracking | RegexOptions.Singleline | RegexOptions.CultureInvariant;
        return new Regex(expression.ToString(), caseInsensitive ? options | RegexOptions.IgnoreCase : options);
    }

    public override bool String(ReadOnlySpan<byte> utf8)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, Encoding.UTF8.GetMaxCharCount(utf8.Length)));
        try
        {
            var count = Encoding.UTF8.GetChars(utf8, chars);
            var text = chars.AsSpan(0, count);
            if (!tokens)
            {
                return regex.IsMatch(text);
            }
            var lowered = ArrayPool<char>.Shared.Rent(count);
            try
            {
                var ranges = new List<(int Start, int Length)>();
                StandardAnalyzer.Tokenize(text, lowered, ranges);
                foreach (var (start, length) in ranges)
                {
                    if (regex.IsMatch(lowered.AsSpan(start, length)))
                    {
                        return true;
                    }
                }
                return false;
            }
            finally
            {
                ArrayPool<char>.Shared.Return(lowered);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
