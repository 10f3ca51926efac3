using System.Runtime.CompilerServices;
using System.Collections.Immutable;

namespace Vigil.Eql.Syntax;

/// <summary>Expressions, loosest binding first.</summary>
public sealed partial class EqlParser
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseExpression()
    {
        if (!EnterNesting())
        {
            return Placeholder();
        }
        var result = ParseOr();
        LeaveNesting();
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseOr()
    {
        var start = StartOfCurrent;
        var left = ParseAnd();
        while (!failed && Accept(TokenKind.Or))
        {
            var right = ParseAnd();
            left = new LogicalExpression(SpanFrom(start), LogicalOperator.Or, left, right);
        }
        return left;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseAnd()
    {
        var start = StartOfCurrent;
        var left = ParseNot();
        while (!failed && Accept(TokenKind.And))
        {
            var right = ParseNot();
            left = new LogicalExpression(SpanFrom(start), LogicalOperator.And, left, right);
        }
        return left;
    }

    /// <summary><c>not x</c>, a lineage check <c>descendant of [...]</c>, or a comparison.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseNot()
    {
        var start = StartOfCurrent;
        if (At(TokenKind.Not))
        {
            Take();
            if (!EnterNesting())
            {
                return Placeholder();
            }
            var operand = ParseNot();
            LeaveNesting();
            return new NotExpression(SpanFrom(start), operand);
        }
        if (At(TokenKind.Identifier) && PeekToken(1).Kind == TokenKind.Of)
        {
            return ParseLineage();
        }
        return ParseComparison();
    }

    private Expression ParseLineage()
    {
        var start = StartOfCurrent;
        var relation = Take();
        LineageKind? kind = relation.Text(text) switch
        {
            "descendant" => LineageKind.DescendantOf,
            "child" => LineageKind.ChildOf,
            "event" => LineageKind.EventOf,
            _ => null,
        };
        if (kind is null)
        {
            Error(relation.Span, $"unknown relationship '{TextOf(relation)} of'; use 'descendant of', 'child of' or 'event of'");
            return Placeholder();
        }
        Take();
        var open = StartOfCurrent;
        if (!Expect(TokenKind.LeftBracket, $"after '{TextOf(relation)} of'"))
        {
            return Placeholder();
        }
        var query = ParseEventQuery();
        Expect(TokenKind.RightBracket, $"to close the '{TextOf(relation)} of' query opened at {open}");
        return new LineageExpression(SpanFrom(start), kind.Value, query);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseComparison()
    {
        var start = StartOfCurrent;
        var left = ParseAdditive();
        if (failed)
        {
            return left;
        }
        if (At(TokenKind.Assign) && !options.EndgameSyntax)
        {
            Error(Current.Span, "use '==' to compare values; '=' only sets maxspan and runs");
            return left;
        }
        // The Endgame dialect reads a single '=' as '=='.
        var op = At(TokenKind.Assign) ? ComparisonOperator.Equal : ComparisonOperatorOf(Current.Kind);
        if (op is null)
        {
            return left;
        }
        Take();
        var right = ParseAdditive();
        var comparison = new ComparisonExpression(SpanFrom(start), op.Value, left, right);
        if (!failed && ComparisonOperatorOf(Current.Kind) is not null)
        {
            Error(Current.Span, "comparisons cannot be chained; add parentheses, as in (a < b) == true");
        }
        return comparison;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ComparisonOperator? ComparisonOperatorOf(TokenKind kind) => kind switch
    {
        TokenKind.Equal => ComparisonOperator.Equal,
        TokenKind.NotEqual => ComparisonOperator.NotEqual,
        TokenKind.Less => ComparisonOperator.LessThan,
        TokenKind.LessOrEqual => ComparisonOperator.LessThanOrEqual,
        TokenKind.Greater => ComparisonOperator.GreaterThan,
        TokenKind.GreaterOrEqual => ComparisonOperator.GreaterThanOrEqual,
        _ => null,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseAdditive()
    {
        var start = StartOfCurrent;
        var left = ParseMultiplicative();
        while (!failed && (At(TokenKind.Plus) || At(TokenKind.Minus)))
        {
            var op = Take().Kind == TokenKind.Plus ? ArithmeticOperator.Add : ArithmeticOperator.Subtract;
            var right = ParseMultiplicative();
            left = new ArithmeticExpression(SpanFrom(start), op, left, right);
        }
        return left;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseMultiplicative()
    {
        var start = StartOfCurrent;
        var left = ParseUnary();
        while (!failed && (At(TokenKind.Star) || At(TokenKind.Slash) || At(TokenKind.Percent)))
        {
            var op = Take().Kind switch
            {
                TokenKind.Star => ArithmeticOperator.Multiply,
                TokenKind.Slash => ArithmeticOperator.Divide,
                _ => ArithmeticOperator.Modulo,
            };
            var right = ParseUnary();
            left = new ArithmeticExpression(SpanFrom(start), op, left, right);
        }
        return left;
    }

    /// <summary>
    /// Unary minus and plus. <c>-5</c> becomes the literal -5 (as Elasticsearch folds it), unless a predicate
    /// follows the number: <c>-5 in (1)</c> is <c>-(5 in (1))</c> because predicates bind to the primary.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParseUnary(bool allowMethods = true)
    {
        var start = StartOfCurrent;
        if (!At(TokenKind.Minus) && !At(TokenKind.Plus))
        {
            return ParsePostfix(allowMethods);
        }
        var isMinus = Take().Kind == TokenKind.Minus;
        if (isMinus && Current.Kind is TokenKind.Integer or TokenKind.Decimal && !StartsPredicate(PeekToken(1), PeekToken(2)))
        {
            var number = ParseNumber(start, negative: true);
            return AtMethod() ? ParsePredicate(start, ParseMethodChain(start, number)) : number;
        }
        if (!EnterNesting())
        {
            return Placeholder();
        }
        if (options.EndgameSyntax)
        {
            // The Python grammar signs the receiver of a method chain: -x:add(10) is add(-x, 10).
            var signed = ParseUnary(allowMethods: false);
            LeaveNesting();
            signed = isMinus ? new NegateExpression(SpanFrom(start), signed) : signed;
            return AtMethod() ? ParsePredicate(start, ParseMethodChain(start, signed)) : signed;
        }
        var operand = ParseUnary();
        LeaveNesting();
        return isMinus ? new NegateExpression(SpanFrom(start), operand) : operand;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool StartsPredicate(Token token, Token next) => token.Kind switch
    {
        TokenKind.In or TokenKind.InInsensitive or TokenKind.Colon or TokenKind.Like or TokenKind.LikeInsensitive
            or TokenKind.Regex or TokenKind.RegexInsensitive => true,
        TokenKind.Not => next.Kind is TokenKind.In or TokenKind.InInsensitive,
        _ => false,
    };

    /// <summary>A primary followed by at most one predicate: <c>[not] in[~] (...)</c>, <c>: like[~] regex[~]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expression ParsePostfix(bool allowMethods = true)
    {
        var start = StartOfCurrent;
        var value = ParsePrimary();
        if (AtMethod())
        {
            return allowMethods ? ParsePredicate(start, ParseMethodChain(start, value)) : value;
        }
        return ParsePredicate(start, value);
    }

    /// <summary>The predicate bound to <paramref name="value"/>, if one follows: <c>[not] in[~] (...)</c>, <c>: like[~] regex[~]</c>.</summary>
    private Expression ParsePredicate(SourcePosition start, Expression value)
    {
        if (!failed && At(TokenKind.Not) && PeekToken(1).Kind is TokenKind.Colon or TokenKind.Like or TokenKind.LikeInsensitive
                or TokenKind.Regex or TokenKind.RegexInsensitive)
        {
            Error(SourceSpan.Cover(Current.Span, PeekToken(1).Span),
                $"'not {TokenDescriptions.Spelling(PeekToken(1).Kind)}' is not an operator; put 'not' before the whole test instead");
            return value;
        }
        if (failed || !StartsPredicate(Current, PeekToken(1)))
        {
            return value;
        }
        var isNegated = Accept(TokenKind.Not);
        var opToken = Take();
        switch (opToken.Kind)
        {
            case TokenKind.In:
            case TokenKind.InInsensitive:
            {
                var open = StartOfCurrent;
                if (!Expect(TokenKind.LeftParen, $"after '{TokenDescriptions.Spelling(opToken.Kind)}'"))
                {
                    return value;
                }
                var set = ParseExpressionList();
                Expect(TokenKind.RightParen, $"to close the list opened at {open}");
                return new InExpression(SpanFrom(start), value, set, isNegated, opToken.Kind == TokenKind.InInsensitive);
            }
            default:
            {
                var (op, insensitive) = opToken.Kind switch
                {
                    TokenKind.Colon => (PatternOperator.Colon, true),
                    TokenKind.Like => (PatternOperator.Like, false),
                    TokenKind.LikeInsensitive => (PatternOperator.Like, true),
                    TokenKind.Regex => (PatternOperator.Regex, false),
                    _ => (PatternOperator.Regex, true),
                };
                var spelling = TokenDescriptions.Spelling(opToken.Kind);
                ValueList<Expression> patterns;
                if (At(TokenKind.LeftParen))
                {
                    var open = StartOfCurrent;
                    Take();
                    var items = ImmutableArray.CreateBuilder<Expression>();
                    items.Add(ParseConstant(spelling!));
                    while (!failed && Accept(TokenKind.Comma))
                    {
                        items.Add(ParseConstant(spelling!));
                    }
                    Expect(TokenKind.RightParen, $"to close the list opened at {open}");
                    patterns = new ValueList<Expression>(items.ToImmutable());
                }
                else
                {
                    patterns = ValueList.Of(ParseConstant(spelling!));
                }
                return new PatternExpression(SpanFrom(start), op, insensitive, value, patterns);
            }
        }
    }

    /// <summary>
    /// The Endgame dialect's method syntax: <c>:name(</c> written without spaces (the Python grammar's METHOD_START
    /// token), so that <c>x : "a*"</c> stays a pattern test.
    /// </summary>
    private bool AtMethod()
    {
        if (!options.EndgameSyntax || failed || !At(TokenKind.Colon))
        {
            return false;
        }
        var name = PeekToken(1);
        var open = PeekToken(2);
        return name.Kind == TokenKind.Identifier && open.Kind == TokenKind.LeftParen
            && Current.Span.End.Offset == name.Offset && name.Span.End.Offset == open.Offset;
    }

    /// <summary><c>x:lower():length()</c> is sugar for <c>length(lower(x))</c>: each method gets the value so far as its first argument.</summary>
    private Expression ParseMethodChain(SourcePosition start, Expression receiver)
    {
        while (AtMethod())
        {
            Take();
            receiver = ParseFunctionCall(start, receiver);
        }
        return receiver;
    }
}
