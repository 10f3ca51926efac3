namespace Vigil.Kql.Compilation;

/// <summary>
/// Elasticsearch's <c>standard</c> analyzer, as far as queries over log text need it: Unicode word segmentation
/// (UAX #29 word boundaries: letters and digits join, <c>_</c> joins, <c>.</c> and <c>'</c> join letters to letters and
/// digits to digits, <c>:</c> joins letters, <c>,</c> and <c>;</c> join digits; CJK ideographs are one token each),
/// tokens longer than 255 characters split, and lower-casing. Punctuation, spaces and symbols separate tokens and are
/// dropped. Not covered: the full UAX #29 tables (emoji, Hebrew and Katakana rules).
/// </summary>
public static class StandardAnalyzer
{
    /// <summary>Lucene's <c>StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH</c>.</summary>
    public const int MaxTokenLength = 255;

    private enum CharClass : byte
    {
        Other,
        Letter,
        Digit,
        ExtendNumLet,
        Extend,
        Ideograph,
        MidLetter,
        MidNumLet,
        MidNum,
    }

    /// <summary>The lower-cased tokens of <paramref name="text"/> (allocates; for compile time and reference code).</summary>
    public static List<string> Tokens(ReadOnlySpan<char> text)
    {
        var list = new List<string>();
        var lowered = new char[text.Length];
        var ranges = new List<(int Start, int Length)>();
        Tokenize(text, lowered, ranges);
        foreach (var (start, length) in ranges)
        {
            list.Add(new string(lowered, start, length));
        }
        return list;
    }

    /// <summary>
    /// Writes the lower-cased text into <paramref name="lowered"/> (same length as <paramref name="text"/>) and adds each
    /// token's range in it to <paramref name="tokens"/>.
    /// </summary>
    public static void Tokenize(ReadOnlySpan<char> text, Span<char> lowered, List<(int Start, int Length)> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (var i = 0; i < text.Length; i++)
        {
            lowered[i] = char.ToLowerInvariant(text[i]);
        }
        var at = 0;
        while (at < text.Length)
        {
            var cls = Classify(text[at]);
            if (cls == CharClass.Ideograph)
            {
                tokens.Add((at, 1));
                at++;
                continue;
            }
            if (cls is not (CharClass.Letter or CharClass.Digit or CharClass.ExtendNumLet))
            {
                at++;
                continue;
            }
            var start = at;
            var last = cls;
            at++;
            while (at < text.Length)
            {
                var c = Classify(text[at]);
                if (c is CharClass.Letter or CharClass.Digit or CharClass.ExtendNumLet)
                {
                    last = c;
                    at++;
                    continue;
                }
                if (c == CharClass.Extend)
                {
                    at++;
                    continue;
                }
                if (c is CharClass.MidLetter or CharClass.MidNumLet or CharClass.MidNum && at + 1 < text.Length)
                {
                    var next = Classify(text[at + 1]);
                    var joins = c switch
                    {
                        CharClass.MidLetter => last == CharClass.Letter && next == CharClass.Letter,
                        CharClass.MidNumLet => (last == CharClass.Letter && next == CharClass.Letter)
                            || (last == CharClass.Digit && next == CharClass.Digit),
                        _ => last == CharClass.Digit && next == CharClass.Digit,
                    };
                    if (joins)
                    {
                        at++;
                        continue;
                    }
                }
                break;
            }
            for (var s = start; s < at; s += MaxTokenLength)
            {
                tokens.Add((s, Math.Min(MaxTokenLength, at - s)));
            }
        }
    }

    private static CharClass Classify(char c)
    {
        if (c < 0x80)
        {
            return c switch
            {
                >= 'a' and <= 'z' or >= 'A' and <= 'Z' => CharClass.Letter,
                >= '0' and <= '9' => CharClass.Digit,
                '_' => CharClass.ExtendNumLet,
                ':' => CharClass.MidLetter,
                '.' or '\'' => CharClass.MidNumLet,
                ',' or ';' => CharClass.MidNum,
                _ => CharClass.Other,
            };
        }
        if (c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3040' and <= '\u309F')
            or (>= '\uF900' and <= '\uFAFF'))
        {
            return CharClass.Ideograph;
        }
        switch (c)
        {
            case '\u00B7' or '\u0387' or '\u05F4' or '\u2027' or '\uFE13' or '\uFE55' or '\uFF1A':
                return CharClass.MidLetter;
            case '\u2018' or '\u2019' or '\u2024' or '\uFE52' or '\uFF07' or '\uFF0E':
                return CharClass.MidNumLet;
            case '\u037E' or '\u0589' or '\u060C' or '\u060D' or '\u066C' or '\u07F8' or '\u2044' or '\uFE10' or '\uFE14'
                or '\uFE50' or '\uFE54' or '\uFF0C' or '\uFF1B':
                return CharClass.MidNum;
            case '\u203F' or '\u2040' or '\u2054' or '\uFE33' or '\uFE34' or '\uFE4D' or '\uFE4E' or '\uFE4F' or '\uFF3F':
                return CharClass.ExtendNumLet;
        }
        var category = char.GetUnicodeCategory(c);
        return category switch
        {
            System.Globalization.UnicodeCategory.DecimalDigitNumber => CharClass.Digit,
            System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
                or System.Globalization.UnicodeCategory.EnclosingMark or System.Globalization.UnicodeCategory.Format => CharClass.Extend,
            _ when char.IsLetter(c) => CharClass.Letter,
            _ => CharClass.Other,
        };
    }
}
