using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary>
/// Parses Kibana Query Language as Kibana's kuery grammar does (<c>kbn-es-query/src/kuery/grammar/grammar.peggy</c>):
/// <c>or</c> below <c>and</c> below <c>not</c>, keywords in any case, unquoted values that run until a special character
/// or a keyword, <c>*</c> wildcards, ranges, value lists <c>f:(a or b)</c> and nested <c>f:{ ... }</c>. Hand-written
/// recursive descent: every character is looked at a bounded number of times, so parsing is linear in the text. The
/// grammar stops at its first error, and so does this parser (one diagnostic, with its place).
/// </summary>
public static class KqlParser
{
    /// <summary>How deeply parentheses, value lists and nested queries may nest before the parser refuses the query.</summary>
    public const int MaxDepth = 256;

    /// <summary>Parses <paramref name="text"/>; an empty query matches every document, as in Kibana.</summary>
    public static KqlParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var query = parser.ParseStart();
        return new KqlParseResult(query, parser.Error is { } error ? [error] : ImmutableArray<Diagnostic>.Empty);
    }

    /// <summary>Kibana's whitespace: space, tab, CR, LF and the no-break space.</summary>
    internal static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\u00A0';

    /// <summary>The characters that end an unquoted literal unless escaped.</summary>
    internal static bool IsSpecial(char c) => c is '\\' or '(' or ')' or ':' or '<' or '>' or '"' or '*' or '{' or '}';

    private sealed class Parser
    {
        private readonly string text;
        private readonly int[] lineStarts;
        private int pos;
        private int depth;

        public Parser(string text)
        {
            this.text = text;
            var starts = new List<int> { 0 };
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }
            lineStarts = [.. starts];
        }

        public Diagnostic? Error { get; private set; }

        private bool Failed => Error is not null;

        public KqlNode? ParseStart()
        {
            SkipSpaces();
            if (pos == text.Length)
            {
                var all = Span(0, text.Length);
                var star = new KqlLiteral(all, "*", false, KqlLiteralKind.Text, ["", ""]);
                return new KqlMatch(all, star, star);
            }
            var query = ParseOr();
            if (query is null)
            {
                return null;
            }
            SkipSpaces();
            if (pos < text.Length)
            {
                return Fail(pos, pos + 1, Unexpected("'and', 'or' or the end of the query"));
            }
            return query;
        }

        private KqlNode? ParseOr()
        {
            var first = ParseAnd();
            if (first is null)
            {
                return null;
            }
            List<KqlNode>? operands = null;
            while (TryKeyword("or"))
            {
                var next = ParseAnd();
                if (next is null)
                {
                    return null;
                }
                (operands ??= [first]).Add(next);
            }
            return operands is null ? first : new KqlOr(Cover(first, operands[^1]), operands);
        }

        private KqlNode? ParseAnd()
        {
            var first = ParseNot();
            if (first is null)
            {
                return null;
            }
            List<KqlNode>? operands = null;
            while (TryKeyword("and"))
            {
                var next = ParseNot();
                if (next is null)
                {
                    return null;
                }
                (operands ??= [first]).Add(next);
            }
            return operands is null ? first : new KqlAnd(Cover(first, operands[^1]), operands);
        }

        private KqlNode? ParseNot()
        {
            var start = pos;
            if (TryNot())
            {
                var operand = ParseSub();
                return operand is null ? null : new KqlNot(Span(start, operand.Span.End.Offset), operand);
            }
            return ParseSub();
        }

        private KqlNode? ParseSub()
        {
            if (pos < text.Length && text[pos] == '(')
            {
                var open = pos++;
                if (!Enter(open))
                {
                    return null;
                }
                SkipSpaces();
                var inner = ParseOr();
                if (inner is null)
                {
                    return null;
                }
                SkipSpaces();
                if (pos >= text.Length || text[pos] != ')')
                {
                    return Fail(pos, pos + 1, $"expected ')' to close the '(' at {PositionOf(open)}" + Found());
                }
                pos++;
                depth--;
                return inner;
            }
            return ParseExpression();
        }

        // NestedQuery, FieldRangeExpression, FieldValueExpression and ValueExpression all begin with one literal, so
        // it is read once and what follows it decides.
        private KqlNode? ParseExpression()
        {
            var literal = ParseLiteral();
            if (literal is null)
            {
                return Failed ? null : Fail(pos, pos + 1, pos >= text.Length
                    ? "expected a field name, a value, 'not' or '(' at the end of the query"
                    : Unexpected("a field name, a value, 'not' or '('"));
            }
            var afterLiteral = pos;
            SkipSpaces();
            if (TryRangeOperator(out var op, out var opText))
            {
                SkipSpaces();
                var value = ParseLiteral();
                if (value is null)
                {
                    return Failed ? null : Fail(pos, pos + 1, $"expected a value after '{opText}'" + Found());
                }
                return new KqlRange(Cover(literal.Span, value.Span), literal, op, value);
            }
            if (pos < text.Length && text[pos] == ':')
            {
                pos++;
                SkipSpaces();
                if (pos < text.Length && text[pos] == '{')
                {
                    var open = pos++;
                    if (!Enter(open))
                    {
                        return null;
                    }
                    SkipSpaces();
                    var inner = ParseOr();
                    if (inner is null)
                    {
                        return null;
                    }
                    SkipSpaces();
                    if (pos >= text.Length || text[pos] != '}')
                    {
                        return Fail(pos, pos + 1, $"expected '}}' to close the '{{' at {PositionOf(open)}" + Found());
                    }
                    pos++;
                    depth--;
                    return new KqlNested(Span(literal.Span.Start.Offset, pos), literal, inner);
                }
                return ParseValues(literal, literal.Span.Start.Offset);
            }
            pos = afterLiteral;
            return new KqlMatch(literal.Span, null, literal);
        }

        // ListOfValues: a value, or a parenthesised or/and/not list of values that all apply to one field.
        private KqlNode? ParseValues(KqlLiteral field, int expressionStart)
        {
            if (pos < text.Length && text[pos] == '(')
            {
                var open = pos++;
                if (!Enter(open))
                {
                    return null;
                }
                SkipSpaces();
                var inner = ParseValueOr(field);
                if (inner is null)
                {
                    return null;
                }
                SkipSpaces();
                if (pos >= text.Length || text[pos] != ')')
                {
                    return Fail(pos, pos + 1, $"expected ')' to close the value list opened at {PositionOf(open)}" + Found());
                }
                pos++;
                depth--;
                return inner;
            }
            var value = ParseLiteral();
            if (value is null)
            {
                return Failed ? null : Fail(pos, pos + 1, "expected a value after ':'" + Found());
            }
            return new KqlMatch(Span(expressionStart, value.Span.End.Offset), field, value);
        }

        private KqlNode? ParseValueOr(KqlLiteral field)
        {
            var first = ParseValueAnd(field);
            if (first is null)
            {
                return null;
            }
            List<KqlNode>? operands = null;
            while (TryKeyword("or"))
            {
                var next = ParseValueAnd(field);
                if (next is null)
                {
                    return null;
                }
                (operands ??= [first]).Add(next);
            }
            return operands is null ? first : new KqlOr(Cover(first, operands[^1]), operands);
        }

        private KqlNode? ParseValueAnd(KqlLiteral field)
        {
            var first = ParseValueNot(field);
            if (first is null)
            {
                return null;
            }
            List<KqlNode>? operands = null;
            while (TryKeyword("and"))
            {
                var next = ParseValueNot(field);
                if (next is null)
                {
                    return null;
                }
                (operands ??= [first]).Add(next);
            }
            return operands is null ? first : new KqlAnd(Cover(first, operands[^1]), operands);
        }

        private KqlNode? ParseValueNot(KqlLiteral field)
        {
            var start = pos;
            if (TryNot())
            {
                var operand = ParseValues(field, pos);
                return operand is null ? null : new KqlNot(Span(start, operand.Span.End.Offset), operand);
            }
            return ParseValues(field, pos);
        }

        private KqlLiteral? ParseLiteral()
        {
            if (pos < text.Length && text[pos] == '"')
            {
                return ParseQuoted();
            }
            return ParseUnquoted();
        }

        private KqlLiteral? ParseQuoted()
        {
            var start = pos++;
            var value = new StringBuilder();
            while (pos < text.Length && text[pos] != '"')
            {
                var c = text[pos];
                if (c == '\\' && pos + 1 < text.Length)
                {
                    var next = text[pos + 1];
                    if (EscapedWhitespace(next) is { } ws)
                    {
                        value.Append(ws);
                        pos += 2;
                        continue;
                    }
                    if (TryUnicode(pos + 1, out var unicode))
                    {
                        value.Append(unicode);
                        pos += 6;
                        continue;
                    }
                    if (next is '\\' or '"')
                    {
                        value.Append(next);
                        pos += 2;
                        continue;
                    }
                }
                // Any other backslash is an ordinary character inside quotes ("C:\Windows" keeps its backslash).
                value.Append(c);
                pos++;
            }
            if (pos >= text.Length)
            {
                Fail(start, text.Length, "unterminated quoted string: the '\"' here has no closing '\"'");
                return null;
            }
            pos++;
            return new KqlLiteral(Span(start, pos), value.ToString(), true, KqlLiteralKind.Text, default);
        }

        private KqlLiteral? ParseUnquoted()
        {
            var start = pos;
            var piece = new StringBuilder();
            List<string>? pieces = null;
            // The literal's text is trimmed (as Kibana trims it); the span ends after its last non-space character.
            var lastContentEnd = start;
            while (pos < text.Length)
            {
                var c = text[pos];
                if (c == '\\')
                {
                    if (pos + 1 >= text.Length)
                    {
                        break;
                    }
                    var next = text[pos + 1];
                    if (EscapedWhitespace(next) is { } ws)
                    {
                        piece.Append(ws);
                        pos += 2;
                    }
                    else if (IsSpecial(next))
                    {
                        piece.Append(next);
                        pos += 2;
                    }
                    else if (TryUnicode(pos + 1, out var unicode))
                    {
                        piece.Append(unicode);
                        pos += 6;
                    }
                    else if (EscapedKeywordLength(pos + 1) is > 0 and var length)
                    {
                        piece.Append(text, pos + 1, length);
                        pos += 1 + length;
                    }
                    else
                    {
                        break;
                    }
                    lastContentEnd = pos;
                    continue;
                }
                if (c == '*')
                {
                    (pieces ??= []).Add(piece.ToString());
                    piece.Clear();
                    pos++;
                    lastContentEnd = pos;
                    continue;
                }
                if (IsSpecial(c) || IsKeywordAt(pos))
                {
                    break;
                }
                piece.Append(c);
                pos++;
                if (!IsSpace(c))
                {
                    lastContentEnd = pos;
                }
            }
            if (pos == start)
            {
                return null;
            }
            var span = Span(start, lastContentEnd);
            if (pieces is not null)
            {
                pieces.Add(piece.ToString());
                pieces[0] = TrimStart(pieces[0]);
                pieces[^1] = TrimEnd(pieces[^1]);
                return new KqlLiteral(span, string.Join('*', pieces), false, KqlLiteralKind.Text, [.. pieces]);
            }
            var value = TrimEnd(TrimStart(piece.ToString()));
            if (value.Length == 0)
            {
                // Only spaces: not a literal (the caller reports what it expected here).
                pos = start;
                return null;
            }
            var kind = value switch
            {
                "null" => KqlLiteralKind.Null,
                "true" => KqlLiteralKind.True,
                "false" => KqlLiteralKind.False,
                _ => KqlLiteralKind.Text,
            };
            return new KqlLiteral(span, value, false, kind, default);
        }

        // Kibana's Keyword rule, which ends an unquoted literal: " or ", " and " (a space on both sides) or "not ".
        private bool IsKeywordAt(int at)
        {
            if (IsSpace(text[at]))
            {
                return (WordAt(at + 1, "or") && SpaceAt(at + 3)) || (WordAt(at + 1, "and") && SpaceAt(at + 4));
            }
            return WordAt(at, "not") && SpaceAt(at + 3);
        }

        private int EscapedKeywordLength(int at) =>
            WordAt(at, "or") ? 2 : WordAt(at, "and") ? 3 : WordAt(at, "not") ? 3 : 0;

        private bool WordAt(int at, string word) =>
            at + word.Length <= text.Length && text.AsSpan(at, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

        private bool SpaceAt(int at) => at < text.Length && IsSpace(text[at]);

        // Or / And: one or more spaces, the keyword in any case, one or more spaces. Restores the position when absent.
        private bool TryKeyword(string keyword)
        {
            var start = pos;
            var at = pos;
            while (at < text.Length && IsSpace(text[at]))
            {
                at++;
            }
            if (at == start || !WordAt(at, keyword) || !SpaceAt(at + keyword.Length))
            {
                return false;
            }
            pos = at + keyword.Length;
            SkipSpaces();
            return true;
        }

        // Not: the keyword in any case followed by one or more spaces.
        private bool TryNot()
        {
            if (!WordAt(pos, "not") || !SpaceAt(pos + 3))
            {
                return false;
            }
            pos += 3;
            SkipSpaces();
            return true;
        }

        private bool TryRangeOperator(out KqlRangeOperator op, out string opText)
        {
            op = default;
            opText = "";
            if (pos >= text.Length || text[pos] is not ('<' or '>'))
            {
                return false;
            }
            var orEqual = pos + 1 < text.Length && text[pos + 1] == '=';
            op = (text[pos], orEqual) switch
            {
                ('<', true) => KqlRangeOperator.LessThanOrEqual,
                ('<', false) => KqlRangeOperator.LessThan,
                ('>', true) => KqlRangeOperator.GreaterThanOrEqual,
                _ => KqlRangeOperator.GreaterThan,
            };
            opText = text.Substring(pos, orEqual ? 2 : 1);
            pos += opText.Length;
            return true;
        }

        private bool TryUnicode(int at, out char value)
        {
            value = '\0';
            if (at + 5 > text.Length || text[at] != 'u')
            {
                return false;
            }
            var digits = text.AsSpan(at + 1, 4);
            foreach (var d in digits)
            {
                if (!char.IsAsciiHexDigit(d))
                {
                    return false;
                }
            }
            value = (char)int.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return true;
        }

        private static char? EscapedWhitespace(char c) => c switch
        {
            't' => '\t',
            'r' => '\r',
            'n' => '\n',
            _ => null,
        };

        private static string TrimStart(string s)
        {
            var i = 0;
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            return i == 0 ? s : s[i..];
        }

        private static string TrimEnd(string s)
        {
            var i = s.Length;
            while (i > 0 && char.IsWhiteSpace(s[i - 1]))
            {
                i--;
            }
            return i == s.Length ? s : s[..i];
        }

        private void SkipSpaces()
        {
            while (pos < text.Length && IsSpace(text[pos]))
            {
                pos++;
            }
        }

        private bool Enter(int open)
        {
            if (++depth > MaxDepth)
            {
                Fail(open, open + 1, $"the query nests parentheses or braces more than {MaxDepth} levels deep");
                return false;
            }
            return true;
        }

        private string Found() => pos >= text.Length ? ", found the end of the query" : $", found {Describe(pos)}";

        private string Unexpected(string expected)
        {
            var hint = text[pos] == '\\'
                ? " (outside quotes a backslash starts an escape: write '\\\\' for a backslash, or quote the value)"
                : "";
            return $"unexpected {Describe(pos)}: expected {expected}{hint}";
        }

        private string Describe(int at) => text[at] switch
        {
            '\n' => "a line break",
            '\'' => "\"'\"",
            var c when char.IsControl(c) => $"character U+{(int)c:X4}",
            var c => $"'{c}'",
        };

        private KqlNode? Fail(int start, int end, string message)
        {
            Error ??= new Diagnostic(DiagnosticSeverity.Error, message, Span(Math.Min(start, text.Length), Math.Min(end, text.Length)));
            return null;
        }

        private SourceSpan Span(int start, int end) => new(PositionOf(start), PositionOf(end));

        private static SourceSpan Cover(KqlNode first, KqlNode last) => new(first.Span.Start, last.Span.End);

        private static SourceSpan Cover(SourceSpan first, SourceSpan last) => new(first.Start, last.End);

        private SourcePosition PositionOf(int offset)
        {
            var line = Array.BinarySearch(lineStarts, offset);
            if (line < 0)
            {
                line = ~line - 1;
            }
            return new SourcePosition(offset, line + 1, offset - lineStarts[line] + 1);
        }
    }
}
