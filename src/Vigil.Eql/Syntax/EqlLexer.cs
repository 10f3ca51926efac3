using System.Runtime.CompilerServices;
using System.Globalization;
using Vigil.Eql.Semantics;

namespace Vigil.Eql.Syntax;

/// <summary>
/// Turns EQL text into tokens, following Elasticsearch's lexical rules: lowercase case-sensitive keywords,
/// identifiers of ASCII letters, digits and <c>_</c> (starting with a letter, <c>_</c> or <c>@</c>), backtick-quoted
/// names, <c>"..."</c> strings with escapes, <c>"""raw"""</c> strings, <c>//</c> and nested <c>/* */</c> comments.
/// Problems are reported to the diagnostics list and produce an <see cref="TokenKind.Error"/> token.
/// </summary>
internal sealed class EqlLexer
{
    private readonly string text;
    private readonly EqlParserOptions options;
    private readonly List<Diagnostic> diagnostics;
    private int offset;
    private int line = 1;
    private int column = 1;

    public EqlLexer(string text, EqlParserOptions options, List<Diagnostic> diagnostics)
    {
        this.text = text;
        this.options = options;
        this.diagnostics = diagnostics;
    }

    /// <summary>Reads every token; the last one is always <see cref="TokenKind.EndOfInput"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Tokenize(List<Token> tokens)
    {
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.EndOfInput)
            {
                return;
            }
        }
    }

    private SourcePosition Position => new(offset, line, column);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private char Peek(int ahead = 0) => offset + ahead < text.Length ? text[offset + ahead] : '\0';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AtEnd(int ahead = 0) => offset + ahead >= text.Length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Advance()
    {
        var c = text[offset++];
        if (c == '\n' || (c == '\r' && Peek() != '\n'))
        {
            line++;
            column = 1;
        }
        else if (c != '\r')
        {
            column++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Advance(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Advance();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Token Next()
    {
        SkipTrivia();
        var start = Position;
        if (AtEnd())
        {
            return new Token(TokenKind.EndOfInput, new SourceSpan(start, start));
        }

        var c = Peek();
        TokenKind kind;
        if (Keywords.IsIdentifierStart(c))
        {
            kind = ReadWord();
        }
        else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            kind = ReadNumber();
        }
        else
        {
            kind = c switch
            {
                '"' => ReadDoubleQuoted(start),
                '\'' => ReadSingleQuoted(start),
                '`' => ReadQuotedIdentifier(start),
                '?' => ReadQuestion(start),
                _ => ReadPunctuation(start, c),
            };
        }
        return new Token(kind, new SourceSpan(start, Position));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SkipTrivia()
    {
        while (!AtEnd())
        {
            var c = Peek();
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                Advance();
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (!AtEnd() && Peek() is not ('\r' or '\n'))
                {
                    Advance();
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        // Block comments nest, as in Elasticsearch's grammar.
        var start = Position;
        Advance(2);
        var depth = 1;
        while (!AtEnd())
        {
            if (Peek() == '/' && Peek(1) == '*')
            {
                Advance(2);
                depth++;
            }
            else if (Peek() == '*' && Peek(1) == '/')
            {
                Advance(2);
                if (--depth == 0)
                {
                    return;
                }
            }
            else
            {
                Advance();
            }
        }
        Report(new SourceSpan(start, new SourcePosition(start.Offset + 2, start.Line, start.Column + 2)),
            "unterminated comment: '/*' has no matching '*/'");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TokenKind ReadWord()
    {
        var begin = offset;
        var startsWithLetter = Keywords.IsAsciiLetter(Peek());
        Advance();
        while (!AtEnd() && Keywords.IsIdentifierPart(Peek()))
        {
            Advance();
        }
        var word = text.AsSpan(begin, offset - begin);
        if (startsWithLetter && Peek() == '~')
        {
            Advance();
            return Keywords.LookupTilde(word);
        }
        return Keywords.Lookup(word);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TokenKind ReadNumber()
    {
        var isDecimal = false;
        while (char.IsAsciiDigit(Peek()))
        {
            Advance();
        }
        if (Peek() == '.')
        {
            isDecimal = true;
            Advance();
            while (char.IsAsciiDigit(Peek()))
            {
                Advance();
            }
        }
        // An exponent only counts when digits follow it; otherwise "5e" is the number 5 then the name e.
        if (Peek() is 'e' or 'E')
        {
            var digitsAt = Peek(1) is '+' or '-' ? 2 : 1;
            if (char.IsAsciiDigit(Peek(digitsAt)))
            {
                isDecimal = true;
                Advance(digitsAt);
                while (char.IsAsciiDigit(Peek()))
                {
                    Advance();
                }
            }
        }
        return isDecimal ? TokenKind.Decimal : TokenKind.Integer;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TokenKind ReadDoubleQuoted(SourcePosition start)
    {
        if (Peek(1) == '"' && Peek(2) == '"')
        {
            return ReadRawString(start);
        }
        return ReadEscapedString(start, '"', TokenKind.String);
    }

    private TokenKind ReadRawString(SourcePosition start)
    {
        Advance(3);
        while (!AtEnd() && Peek() is not ('\r' or '\n'))
        {
            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                Advance(3);
                // Up to two more quotes belong to the value, so a raw string can end with a quote.
                for (var extra = 0; extra < 2 && Peek() == '"'; extra++)
                {
                    Advance();
                }
                return TokenKind.RawString;
            }
            Advance();
        }
        Report(new SourceSpan(start, Position), "unterminated raw string literal: '\"\"\"' has no closing '\"\"\"' on the same line");
        return TokenKind.Error;
    }

    private TokenKind ReadSingleQuoted(SourcePosition start)
    {
        var kind = ReadEscapedString(start, '\'', TokenKind.SingleQuotedString);
        if (kind != TokenKind.Error && !options.AllowSingleQuotedStrings)
        {
            Report(new SourceSpan(start, Position), "strings use double quotes (\"...\"), not single quotes");
            return TokenKind.Error;
        }
        return kind;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TokenKind ReadEscapedString(SourcePosition start, char quote, TokenKind kind)
    {
        Advance();
        var valid = true;
        while (true)
        {
            if (AtEnd() || Peek() is '\r' or '\n')
            {
                Report(new SourceSpan(start, Position), "unterminated string literal");
                return TokenKind.Error;
            }
            var c = Peek();
            if (c == quote)
            {
                Advance();
                return valid ? kind : TokenKind.Error;
            }
            if (c == '\\')
            {
                valid &= ReadEscape();
            }
            else
            {
                Advance();
            }
        }
    }

    /// <summary>Checks one backslash escape; Elasticsearch knows \b \t \n \f \r \" \' \\ and \u{hex}.</summary>
    private bool ReadEscape()
    {
        var start = Position;
        Advance();
        var c = Peek();
        if (c is 'b' or 't' or 'n' or 'f' or 'r' or '"' or '\'' or '\\')
        {
            Advance();
            return true;
        }
        if (c == 'u' && Peek(1) == '{')
        {
            Advance(2);
            var digitsStart = offset;
            while (char.IsAsciiHexDigit(Peek()))
            {
                Advance();
            }
            var digits = text.AsSpan(digitsStart, offset - digitsStart);
            if (Peek() != '}')
            {
                Report(new SourceSpan(start, Position), "invalid unicode escape: expected hex digits and '}' after '\\u{'");
                return false;
            }
            Advance();
            var span = new SourceSpan(start, Position);
            if (digits.Length is < 2 or > 8)
            {
                Report(span, $"a unicode escape needs 2 to 8 hex digits, '{text.AsSpan(start.Offset, span.Length)}' has {digits.Length}");
                return false;
            }
            var code = long.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (code is >= 0xD800 and <= 0xDFFF)
            {
                Report(span, $"invalid unicode escape: {digits} is a surrogate code");
                return false;
            }
            if (code > 0x10FFFF)
            {
                Report(span, $"invalid unicode escape: {digits} is beyond the last code point 10FFFF");
                return false;
            }
            return true;
        }
        if (AtEnd() || c is '\r' or '\n')
        {
            return true; // the caller reports the unterminated string
        }
        Advance();
        Report(new SourceSpan(start, Position),
            $"invalid escape sequence '\\{c}' in string literal (valid: \\b \\t \\n \\f \\r \\\" \\' \\\\ \\u{{hex}}; use \"\"\"...\"\"\" for a raw string)");
        return false;
    }

    private TokenKind ReadQuotedIdentifier(SourcePosition start)
    {
        Advance();
        while (!AtEnd())
        {
            if (Peek() == '`')
            {
                if (Peek(1) == '`')
                {
                    Advance(2);
                    continue;
                }
                Advance();
                return TokenKind.QuotedIdentifier;
            }
            Advance();
        }
        Report(new SourceSpan(start, Position), "unterminated quoted name: '`' has no closing '`'");
        return TokenKind.Error;
    }

    private TokenKind ReadQuestion(SourcePosition start)
    {
        var quote = Peek(1);
        if (quote is not ('"' or '\''))
        {
            Advance();
            return TokenKind.Question;
        }
        // The old ?"..." form of unescaped strings: read it whole, then reject it with a hint.
        Advance(2);
        while (!AtEnd() && Peek() is not ('\r' or '\n'))
        {
            if (Peek() == '\\' && Peek(1) == quote)
            {
                Advance(2);
                continue;
            }
            if (Peek() == quote)
            {
                Advance();
                if (options.EndgameSyntax)
                {
                    return TokenKind.QuestionRawString;
                }
                Report(new SourceSpan(start, Position), $"use triple double quotes (\"\"\"...\"\"\") for unescaped strings, not ?{quote}...{quote}");
                return TokenKind.Error;
            }
            Advance();
        }
        Report(new SourceSpan(start, Position), "unterminated string literal");
        return TokenKind.Error;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TokenKind ReadPunctuation(SourcePosition start, char c)
    {
        var next = Peek(1);
        (TokenKind Kind, int Length) result = c switch
        {
            ':' => (TokenKind.Colon, 1),
            '=' => next == '=' ? (TokenKind.Equal, 2) : (TokenKind.Assign, 1),
            '!' when next == '=' => (TokenKind.NotEqual, 2),
            '!' when next == '[' => (TokenKind.MissingOpen, 2),
            '<' => next == '=' ? (TokenKind.LessOrEqual, 2) : (TokenKind.Less, 1),
            '>' => next == '=' ? (TokenKind.GreaterOrEqual, 2) : (TokenKind.Greater, 1),
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '%' => (TokenKind.Percent, 1),
            '.' => (TokenKind.Dot, 1),
            ',' => (TokenKind.Comma, 1),
            '[' => (TokenKind.LeftBracket, 1),
            ']' => (TokenKind.RightBracket, 1),
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            '|' => (TokenKind.Pipe, 1),
            '$' when options.EndgameSyntax => (TokenKind.Dollar, 1),
            _ => (TokenKind.Error, 1),
        };
        if (result.Kind != TokenKind.Error)
        {
            Advance(result.Length);
            return result.Kind;
        }

        // One unexpected character (a whole surrogate pair counts as one).
        var length = char.IsHighSurrogate(c) && char.IsLowSurrogate(next) ? 2 : 1;
        var shown = text.Substring(offset, length);
        Advance(length);
        var span = new SourceSpan(start, Position);
        var message = c switch
        {
            '!' => "unexpected character '!': use 'not' to negate, '!=' to compare, or '![' for a missing event",
            '&' => "unexpected character '&': use 'and'",
            '~' => "unexpected character '~': it may only follow a function name or in, like, regex",
            _ when char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format => $"unexpected character U+{(int)c:X4}",
            _ => $"unexpected character '{shown}'",
        };
        Report(span, message);
        return TokenKind.Error;
    }

    private void Report(SourceSpan span, string message) =>
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, message, span));
}
