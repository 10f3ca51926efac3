namespace Vigil.Eql.Syntax;

/// <summary>How tokens are named in error messages.</summary>
internal static class TokenDescriptions
{
    /// <summary>The spelling of a fixed token, e.g. <c>']'</c>; null for tokens whose text varies.</summary>
    public static string? Spelling(TokenKind kind) => kind switch
    {
        TokenKind.And => "and",
        TokenKind.Any => "any",
        TokenKind.By => "by",
        TokenKind.False => "false",
        TokenKind.In => "in",
        TokenKind.InInsensitive => "in~",
        TokenKind.Join => "join",
        TokenKind.Like => "like",
        TokenKind.LikeInsensitive => "like~",
        TokenKind.Maxspan => "maxspan",
        TokenKind.Not => "not",
        TokenKind.Null => "null",
        TokenKind.Of => "of",
        TokenKind.Or => "or",
        TokenKind.Regex => "regex",
        TokenKind.RegexInsensitive => "regex~",
        TokenKind.Sample => "sample",
        TokenKind.Sequence => "sequence",
        TokenKind.True => "true",
        TokenKind.Until => "until",
        TokenKind.Where => "where",
        TokenKind.With => "with",
        TokenKind.Colon => ":",
        TokenKind.Assign => "=",
        TokenKind.Equal => "==",
        TokenKind.NotEqual => "!=",
        TokenKind.Less => "<",
        TokenKind.LessOrEqual => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterOrEqual => ">=",
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.Dot => ".",
        TokenKind.Comma => ",",
        TokenKind.LeftBracket => "[",
        TokenKind.RightBracket => "]",
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.Pipe => "|",
        TokenKind.Question => "?",
        TokenKind.Dollar => "$",
        TokenKind.MissingOpen => "![",
        _ => null,
    };

    /// <summary>Describes the token actually found, for "expected X, found Y".</summary>
    public static string Describe(Token token, string source)
    {
        if (token.Kind == TokenKind.EndOfInput)
        {
            return "the end of the query";
        }
        var text = token.Text(source);
        const int MaxShown = 30;
        var shown = text.Length > MaxShown ? string.Concat(text[..MaxShown], "...") : text.ToString();
        return token.Kind switch
        {
            TokenKind.String or TokenKind.RawString or TokenKind.SingleQuotedString or TokenKind.QuestionRawString => $"the string {shown}",
            TokenKind.Integer or TokenKind.Decimal => $"the number {shown}",
            _ => $"'{shown}'",
        };
    }
}
