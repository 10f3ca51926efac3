using System.Runtime.CompilerServices;
namespace Vigil.Eql.Syntax;

/// <summary>EQL's reserved words. They are lowercase and case-sensitive; a field with such a name needs backticks.</summary>
internal static class Keywords
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TokenKind Lookup(ReadOnlySpan<char> word) => word switch
    {
        "and" => TokenKind.And,
        "any" => TokenKind.Any,
        "by" => TokenKind.By,
        "false" => TokenKind.False,
        "in" => TokenKind.In,
        "join" => TokenKind.Join,
        "like" => TokenKind.Like,
        "maxspan" => TokenKind.Maxspan,
        "not" => TokenKind.Not,
        "null" => TokenKind.Null,
        "of" => TokenKind.Of,
        "or" => TokenKind.Or,
        "regex" => TokenKind.Regex,
        "sample" => TokenKind.Sample,
        "sequence" => TokenKind.Sequence,
        "true" => TokenKind.True,
        "until" => TokenKind.Until,
        "where" => TokenKind.Where,
        "with" => TokenKind.With,
        _ => TokenKind.Identifier,
    };

    /// <summary>The keyword for <c>word~</c>, or <see cref="TokenKind.TildeIdentifier"/> when the word is a function name.</summary>
    public static TokenKind LookupTilde(ReadOnlySpan<char> word) => word switch
    {
        "in" => TokenKind.InInsensitive,
        "like" => TokenKind.LikeInsensitive,
        "regex" => TokenKind.RegexInsensitive,
        _ => TokenKind.TildeIdentifier,
    };

    public static bool IsKeyword(ReadOnlySpan<char> word) => Lookup(word) != TokenKind.Identifier;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsIdentifierStart(char c) => IsAsciiLetter(c) || c == '_' || c == '@';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsIdentifierPart(char c) => IsAsciiLetter(c) || char.IsAsciiDigit(c) || c == '_';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>True when <paramref name="word"/> can be written bare (no backticks, not a keyword).</summary>
    public static bool IsPlainIdentifier(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || !IsIdentifierStart(word[0]))
        {
            return false;
        }
        for (var i = 1; i < word.Length; i++)
        {
            if (!IsIdentifierPart(word[i]))
            {
                return false;
            }
        }
        return !IsKeyword(word);
    }
}
