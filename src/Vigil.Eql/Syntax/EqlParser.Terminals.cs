using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;

namespace Vigil.Eql.Syntax;

/// <summary>Literals, field names, function calls and parentheses.</summary>
public sealed partial class EqlParser
{
    private Expression Placeholder() => new NullLiteral(Current.Span);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParsePrimary()
    {
        var start = StartOfCurrent;
        switch (Current.Kind)
        {
            case TokenKind.Integer:
            case TokenKind.Decimal:
                return ParseNumber(start, negative: false);
            case TokenKind.String:
            case TokenKind.RawString:
            case TokenKind.SingleQuotedString:
            case TokenKind.QuestionRawString:
            case TokenKind.True:
            case TokenKind.False:
            case TokenKind.Null:
                return ParseConstant("");
            case TokenKind.TildeIdentifier:
                return ParseFunctionCall();
            case TokenKind.Identifier when PeekToken(1).Kind == TokenKind.LeftParen:
                return ParseFunctionCall();
            case TokenKind.Identifier:
            case TokenKind.QuotedIdentifier:
            case TokenKind.Question:
                return ParseField();
            case TokenKind.Dollar:
                return ParseVariable();
            case TokenKind.LeftParen:
            {
                Take();
                var inner = ParseExpression();
                Expect(TokenKind.RightParen, $"to close the '(' opened at {start}");
                return inner;
            }
            default:
                var keyword = TokenDescriptions.Spelling(Current.Kind);
                ErrorAtCurrent(keyword is not null && char.IsAsciiLetter(keyword[0])
                    ? $"expected an expression ('{keyword}' is a keyword; write `{keyword}` for a field of that name)"
                    : "expected an expression");
                return Placeholder();
        }
    }

    /// <summary>A constant, the only thing a pattern operator such as <c>:</c> or <c>like</c> accepts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseConstant(string afterOperator)
    {
        var start = StartOfCurrent;
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.String:
            case TokenKind.RawString:
            case TokenKind.SingleQuotedString:
            case TokenKind.QuestionRawString:
            {
                Take();
                var style = token.Kind switch
                {
                    TokenKind.RawString or TokenKind.QuestionRawString => StringStyle.Raw,
                    TokenKind.SingleQuotedString => StringStyle.SingleQuoted,
                    _ => StringStyle.Quoted,
                };
                return new StringLiteral(SpanFrom(start), StringLiterals.Decode(token.Text(text), token.Kind), style);
            }
            case TokenKind.Integer:
            case TokenKind.Decimal:
                return ParseNumber(start, negative: false);
            case TokenKind.True:
            case TokenKind.False:
                Take();
                return new BooleanLiteral(SpanFrom(start), token.Kind == TokenKind.True);
            case TokenKind.Null:
                Take();
                return new NullLiteral(SpanFrom(start));
            default:
                ErrorAtCurrent($"expected a constant (a string, number, true, false or null) after '{afterOperator}'");
                return Placeholder();
        }
    }

    /// <summary>The current number token, negated when a minus sign was just consumed at <paramref name="start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseNumber(SourcePosition start, bool negative)
    {
        var token = Take();
        var digits = token.Text(text);
        if (token.Kind == TokenKind.Integer)
        {
            // Parse the magnitude unsigned so that -9223372036854775808 still fits.
            if (ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude)
                && magnitude <= (negative ? 9_223_372_036_854_775_808UL : long.MaxValue))
            {
                var value = negative ? (long)(0UL - magnitude) : (long)magnitude;
                return new IntegerLiteral(SpanFrom(start), value);
            }
            Error(SpanFrom(start), $"the number {(negative ? "-" : "")}{digits} is too large for a 64-bit integer");
            return Placeholder();
        }
        var parsed = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(parsed))
        {
            Error(SpanFrom(start), $"the number {(negative ? "-" : "")}{digits} is too large");
            return Placeholder();
        }
        return new DecimalLiteral(SpanFrom(start), negative ? -parsed : parsed);
    }

    /// <summary><c>name(args)</c> or <c>name~(args)</c>; the name is kept as written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseFunctionCall() => ParseFunctionCall(StartOfCurrent, receiver: null);

    /// <summary>A call at the current name token; a method call's <paramref name="receiver"/> becomes its first argument.</summary>
    private Expression ParseFunctionCall(SourcePosition start, Expression? receiver)
    {
        var nameToken = Take();
        var insensitive = nameToken.Kind == TokenKind.TildeIdentifier;
        var name = insensitive ? text.Substring(nameToken.Offset, nameToken.Length - 1) : TextOf(nameToken);
        var open = StartOfCurrent;
        if (!Expect(TokenKind.LeftParen, $"after the function name '{name}{(insensitive ? "~" : "")}'"))
        {
            return Placeholder();
        }
        var arguments = At(TokenKind.RightParen) ? ValueList<Expression>.Empty : ParseExpressionList();
        Expect(TokenKind.RightParen, $"to close the arguments of '{name}' opened at {open}");
        if (receiver is not null)
        {
            arguments = new ValueList<Expression>(ImmutableArray.Create(receiver).AddRange(arguments.AsImmutableArray()));
        }
        if (options.EndgameSyntax && !insensitive && !failed && macros.TryGetValue(name, out var macro))
        {
            return ExpandMacro(macro, arguments, SpanFrom(start));
        }
        return new FunctionCall(SpanFrom(start), name, insensitive, arguments);
    }

    /// <summary><c>$x</c>, <c>$x.name</c>, <c>$x[0]</c>: a path from a bound variable, written with no space after the <c>$</c>.</summary>
    private Expression ParseVariable()
    {
        var start = StartOfCurrent;
        var dollar = Take();
        if (Current.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier) || Current.Offset != dollar.Span.End.Offset)
        {
            ErrorAtCurrent("expected a variable name right after '$'");
            return Placeholder();
        }
        readingVariable = true;
        var field = ParseField();
        readingVariable = false;
        return field is FieldReference reference ? reference with { Span = SpanFrom(start), IsVariable = true } : field;
    }

    /// <summary>
    /// <c>[?]name(.name)*</c> where a name is bare or in backticks. Elasticsearch's grammar also reads array indexes
    /// <c>name[0]</c> but rejects them; so do we, with the same reason.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseField()
    {
        var start = StartOfCurrent;
        var isOptional = Accept(TokenKind.Question);
        var first = position;
        var simple = true;
        var indexed = false;
        var segments = 0;
        while (true)
        {
            var segment = Current;
            if (segment.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
            {
                var keyword = TokenDescriptions.Spelling(segment.Kind);
                var after = segments == 0 ? (isOptional ? "'?'" : "the start") : "'.'";
                ErrorAtCurrent(keyword is not null && char.IsAsciiLetter(keyword[0])
                    ? $"expected a field name after {after} ('{keyword}' is a keyword; write `{keyword}` for a field of that name)"
                    : $"expected a field name after {after}");
                return Placeholder();
            }
            // A bare path written without spaces can be sliced from the text in one piece.
            simple &= segment.Kind == TokenKind.Identifier
                && (segments == 0 || tokens[position - 1].Span.End.Offset == segment.Offset);
            Take();
            segments++;
            if (At(TokenKind.LeftBracket) && PeekToken(1).Kind == TokenKind.Integer)
            {
                if (!options.EndgameSyntax || PeekToken(2).Kind != TokenKind.RightBracket
                    || tokens[position - 1].Span.End.Offset != Current.Offset)
                {
                    Error(PeekToken(1).Span, "array indexes are not supported");
                    return Placeholder();
                }
                // The Endgame dialect: field[0].sub; the path keeps the index as "[0]" (FieldPath reads it).
                simple = false;
                indexed = true;
                Take();
                Take();
                Take();
                while (At(TokenKind.LeftBracket) && PeekToken(1).Kind == TokenKind.Integer && PeekToken(2).Kind == TokenKind.RightBracket)
                {
                    Take();
                    Take();
                    Take();
                }
            }
            if (!At(TokenKind.Dot))
            {
                break;
            }
            simple &= tokens[position - 1].Span.End.Offset == Current.Offset;
            Take();
        }
        var span = SpanFrom(start);
        string path;
        if (simple)
        {
            var begin = tokens[first].Offset;
            path = text.Substring(begin, tokens[position - 1].Span.End.Offset - begin);
        }
        else
        {
            var builder = new StringBuilder();
            for (var i = first; i < position; i++)
            {
                var token = tokens[i];
                if (token.Kind is TokenKind.Dot or TokenKind.LeftBracket or TokenKind.RightBracket or TokenKind.Integer)
                {
                    builder.Append(token.Text(text));
                }
                else if (token.Kind == TokenKind.QuotedIdentifier)
                {
                    builder.Append(token.Text(text)[1..^1]).Replace("``", "`", builder.Length - (token.Length - 2), token.Length - 2);
                }
                else
                {
                    builder.Append(token.Text(text));
                }
            }
            path = builder.ToString();
        }
        // An Endgame constant is a bare name (eql/parser.py base_field); NAME.x stays a field.
        if (options.EndgameSyntax && !isOptional && !readingVariable && segments == 1 && !indexed && constants.TryGetValue(path, out var constant))
        {
            return constant.Value with { Span = span };
        }
        return new FieldReference(span, path, isOptional);
    }
}
