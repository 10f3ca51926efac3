using System.Net;
using System.Text.RegularExpressions;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Compilation;

/// <summary>
/// Turns AST expressions into closures over frame slots. Boolean contexts (where-clauses, and/or/not operands)
/// use three-valued logic; each leaf condition that reads multi-valued fields is true when any value makes it true,
/// as an Elasticsearch term query over an array field is.
/// </summary>
internal sealed partial class ExpressionCompiler
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly FieldRegistry fields;
    private readonly CompileOptions options;

    public ExpressionCompiler(FieldRegistry fields, CompileOptions options)
    {
        this.fields = fields;
        this.options = options;
    }

    /// <summary>A condition in boolean context.</summary>
    public EqlEvaluator CompileCondition(Expression expression)
    {
        switch (expression)
        {
            case LogicalExpression logical:
                var left = CompileCondition(logical.Left);
                var right = CompileCondition(logical.Right);
                return logical.Operator == LogicalOperator.And ? And(left, right) : Or(left, right);
            case NotExpression not:
                return Not(CompileCondition(not.Operand));
            case ComparisonExpression { Operator: ComparisonOperator.NotEqual } comparison
                when !IsNullConstant(comparison.Left) && !IsNullConstant(comparison.Right):
                // a != b is "not (a == b)": over a multi-valued field it is false when any value equals.
                return Not(CompileLeaf(comparison with { Operator = ComparisonOperator.Equal }));
            case InExpression { IsNegated: true } notIn:
                return Not(CompileLeaf(notIn with { IsNegated = false }));
            default:
                return options.EndgameDialect ? EndgameTruthLeaf(expression) : CompileLeaf(expression);
        }
    }

    /// <summary>
    /// A where-clause as a test of "is true": the same three-valued logic as <see cref="CompileCondition"/>, but
    /// only truth is asked, so <c>a and b</c> stops at the first operand that is not true (null or false alike) and
    /// <c>a or b</c> at the first that is; under <c>not</c> the question becomes "is false", which stops
    /// <c>a or b</c> at the first operand that is not false. Filters ask no more than this, and most of their
    /// conditions are null or false on most events.
    /// </summary>
    public Func<EvalContext, bool> CompileTruth(Expression expression) => Truth(expression, wantTrue: true);

    // wantTrue: the test is "the condition is true"; otherwise "the condition is false" (a boolean false, not null).
    private Func<EvalContext, bool> Truth(Expression expression, bool wantTrue)
    {
        switch (expression)
        {
            case LogicalExpression logical:
                var left = Truth(logical.Left, wantTrue);
                var right = Truth(logical.Right, wantTrue);
                // true(a and b) = true(a) ∧ true(b); false(a and b) = false(a) ∨ false(b); dually for or.
                return (logical.Operator == LogicalOperator.And) == wantTrue
                    ? context => left(context) && right(context)
                    : context => left(context) || right(context);
            case NotExpression not:
                return Truth(not.Operand, !wantTrue);
            case ComparisonExpression { Operator: ComparisonOperator.NotEqual } comparison
                when !IsNullConstant(comparison.Left) && !IsNullConstant(comparison.Right):
                return LeafTruth(CompileLeaf(comparison with { Operator = ComparisonOperator.Equal }), !wantTrue);
            case InExpression { IsNegated: true } notIn:
                return LeafTruth(CompileLeaf(notIn with { IsNegated = false }), !wantTrue);
            default:
                return LeafTruth(options.EndgameDialect ? EndgameTruthLeaf(expression) : CompileLeaf(expression), wantTrue);
        }
    }

    private static Func<EvalContext, bool> LeafTruth(EqlEvaluator leaf, bool wantTrue) => wantTrue
        ? context => leaf(context).IsTrue
        : context => leaf(context) is { Kind: EqlValueKind.Boolean, AsBoolean: false };

    private EqlEvaluator CompileLeaf(Expression expression)
    {
        var slots = new List<int>();
        var inner = CompileValue(expression, slots);
        return EachValue(inner, slots.Distinct().ToArray());
    }

    /// <summary>An expression in value context; <paramref name="slots"/> collects the fields it reads.</summary>
    public EqlEvaluator CompileValue(Expression expression, List<int> slots)
    {
        switch (expression)
        {
            case NullLiteral:
                return static _ => EqlValue.Null;
            case BooleanLiteral boolean:
                return Constant(EqlValue.FromBoolean(boolean.Value));
            case IntegerLiteral integer:
                return Constant(EqlValue.FromLong(integer.Value));
            case DecimalLiteral decimalLiteral:
                return Constant(EqlValue.FromDouble(decimalLiteral.Value));
            case StringLiteral text:
                return Constant(EqlValue.FromString(text.Value));
            case FieldReference field when options.EndgameDialect && IsTreePath(field):
                return TreeField(field.Path);
            case LineageExpression lineage when options.EndgameDialect:
                return Lineage(lineage);
            case ComparisonExpression comparison when options.EndgameDialect && EndgameWildcardComparison(comparison, slots) is { } wildcard:
                return wildcard;
            case FieldReference field when fields.IsUnmappedOptional(field):
                // ES resolves an optional field that no index maps to the null literal.
                return static _ => EqlValue.Null;
            case FieldReference field:
                return Field(field.Path, slots);
            case NegateExpression negate:
                var operand = CompileValue(negate.Operand, slots);
                return context => EqlFunctions.Negate(operand(context));
            case NotExpression not:
                return Not(CompileValue(not.Operand, slots));
            case LogicalExpression logical:
                var left = CompileValue(logical.Left, slots);
                var right = CompileValue(logical.Right, slots);
                return logical.Operator == LogicalOperator.And ? And(left, right) : Or(left, right);
            case ArithmeticExpression arithmetic:
                return Arithmetic(ToKind(arithmetic.Operator), CompileValue(arithmetic.Left, slots), CompileValue(arithmetic.Right, slots));
            case ComparisonExpression comparison:
                return Comparison(comparison, slots);
            case InExpression inExpression:
                return In(inExpression, slots);
            case PatternExpression pattern:
                return Pattern(pattern, slots);
            case FunctionCall call:
                return Function(call, slots);
            default:
                throw new EqlCompileException($"{Describe(expression)} is not supported by the runtime", expression.Span);
        }
    }

    private static string Describe(Expression expression) => expression switch
    {
        LineageExpression => "lineage (descendant of / child of / event of)",
        _ => expression.GetType().Name,
    };

    private static EqlEvaluator Constant(EqlValue value) => _ => value;

    private EqlEvaluator Field(string path, List<int> slots)
    {
        var slot = fields.SlotOf(path);
        var coercion = fields.CoercionOf(path);
        slots.Add(slot);
        return context => FieldReader.Read(context.Frame, slot, context.Cursors[slot], coercion);
    }

    private static EqlEvaluator And(EqlEvaluator left, EqlEvaluator right) => context =>
    {
        var a = left(context);
        if (a.Kind == EqlValueKind.Boolean && !a.AsBoolean)
        {
            return EqlValue.False;
        }
        var b = right(context);
        if (b.Kind == EqlValueKind.Boolean && !b.AsBoolean)
        {
            return EqlValue.False;
        }
        return a.IsTrue && b.IsTrue ? EqlValue.True : EqlValue.Null;
    };

    private static EqlEvaluator Or(EqlEvaluator left, EqlEvaluator right) => context =>
    {
        var a = left(context);
        if (a.IsTrue)
        {
            return EqlValue.True;
        }
        var b = right(context);
        if (b.IsTrue)
        {
            return EqlValue.True;
        }
        return a.Kind == EqlValueKind.Boolean && b.Kind == EqlValueKind.Boolean ? EqlValue.False : EqlValue.Null;
    };

    private static EqlEvaluator Not(EqlEvaluator operand) => context =>
    {
        var value = operand(context);
        return value.Kind == EqlValueKind.Boolean ? EqlValue.FromBoolean(!value.AsBoolean) : EqlValue.Null;
    };

    // Evaluates a leaf once per combination of the values of the multi-valued fields it reads: true if any is true.
    private static EqlEvaluator EachValue(EqlEvaluator inner, int[] slots)
    {
        if (slots.Length == 0)
        {
            return inner;
        }
        return context =>
        {
            var frame = context.Frame;
            var multi = false;
            foreach (var slot in slots)
            {
                if (frame.CountOf(slot) > 1)
                {
                    multi = true;
                    break;
                }
            }
            if (!multi)
            {
                return inner(context);
            }
            var cursors = context.Cursors;
            var sawFalse = false;
            var result = EqlValue.Null;
            while (true)
            {
                var value = inner(context);
                if (value.IsTrue)
                {
                    result = EqlValue.True;
                    break;
                }
                sawFalse |= value.Kind == EqlValueKind.Boolean;
                var k = 0;
                for (; k < slots.Length; k++)
                {
                    var slot = slots[k];
                    if (++cursors[slot] < frame.CountOf(slot))
                    {
                        break;
                    }
                    cursors[slot] = 0;
                }
                if (k == slots.Length)
                {
                    result = sawFalse ? EqlValue.False : EqlValue.Null;
                    break;
                }
            }
            foreach (var slot in slots)
            {
                cursors[slot] = 0;
            }
            return result;
        };
    }

    private static ArithmeticKind ToKind(ArithmeticOperator op) => op switch
    {
        ArithmeticOperator.Add => ArithmeticKind.Add,
        ArithmeticOperator.Subtract => ArithmeticKind.Subtract,
        ArithmeticOperator.Multiply => ArithmeticKind.Multiply,
        ArithmeticOperator.Divide => ArithmeticKind.Divide,
        _ => ArithmeticKind.Modulo,
    };

    // The Endgame dialect divides as Python does (floor division, the divisor's sign for %).
    private EqlEvaluator Arithmetic(ArithmeticKind kind, EqlEvaluator left, EqlEvaluator right) => options.EndgameDialect
        ? context => EqlFunctions.PythonArithmetic(kind, left(context), right(context))
        : context => EqlFunctions.Arithmetic(kind, left(context), right(context));

    private EqlEvaluator Comparison(ComparisonExpression comparison, List<int> slots)
    {
        var op = comparison.Operator;
        if (op is ComparisonOperator.Equal or ComparisonOperator.NotEqual &&
            (IsNullConstant(comparison.Left) || IsNullConstant(comparison.Right)))
        {
            // x == null is ES's IS NULL test (true for a missing field), x != null is IS NOT NULL.
            var other = CompileValue(IsNullConstant(comparison.Left) ? comparison.Right : comparison.Left, slots);
            var wantNull = op == ComparisonOperator.Equal;
            return context => EqlValue.FromBoolean(other(context).IsNull == wantNull);
        }
        var left = CompileValue(comparison.Left, slots);
        var right = CompileValue(comparison.Right, slots);
        var ignoreCase = options.CaseInsensitiveEquality;
        switch (op)
        {
            case ComparisonOperator.Equal:
                return context => FromNullable(EqlComparison.AreEqual(left(context), right(context), ignoreCase));
            case ComparisonOperator.NotEqual:
                return context => FromNullable(!EqlComparison.AreEqual(left(context), right(context), ignoreCase));
            default:
                var foldCase = EndgameIgnoresCase;
                return context =>
                {
                    var order = foldCase ? EndgameValues.CompareFoldingCase(left(context), right(context)) : EqlComparison.Compare(left(context), right(context));
                    if (order is not { } c)
                    {
                        return EqlValue.Null;
                    }
                    return EqlValue.FromBoolean(op switch
                    {
                        ComparisonOperator.LessThan => c < 0,
                        ComparisonOperator.LessThanOrEqual => c <= 0,
                        ComparisonOperator.GreaterThan => c > 0,
                        _ => c >= 0,
                    });
                };
        }
    }

    private bool IsNullConstant(Expression expression) =>
        expression is NullLiteral || (expression is FieldReference field && fields.IsUnmappedOptional(field));

    private static EqlValue FromNullable(bool? value) => value is { } b ? EqlValue.FromBoolean(b) : EqlValue.Null;

    private EqlEvaluator In(InExpression expression, List<int> slots)
    {
        var value = CompileValue(expression.Value, slots);
        var set = new EqlEvaluator[expression.Set.Count];
        for (var i = 0; i < set.Length; i++)
        {
            set[i] = CompileValue(expression.Set[i], slots);
        }
        var ignoreCase = expression.IsCaseInsensitive || options.CaseInsensitiveEquality;
        var negated = expression.IsNegated;
        return context =>
        {
            var v = value(context);
            if (v.IsNull)
            {
                return EqlValue.Null;
            }
            foreach (var member in set)
            {
                if (EqlComparison.AreEqual(v, member(context), ignoreCase) == true)
                {
                    return EqlValue.FromBoolean(!negated);
                }
            }
            return EqlValue.FromBoolean(negated);
        };
    }

    private EqlEvaluator Pattern(PatternExpression expression, List<int> slots)
    {
        var value = CompileValue(expression.Value, slots);
        var texts = new List<string>();
        foreach (var pattern in expression.Patterns)
        {
            if (pattern is not StringLiteral literal)
            {
                throw new EqlCompileException("patterns must be string constants", pattern.Span);
            }
            texts.Add(literal.Value);
        }
        var ignoreCase = expression.IsCaseInsensitive || expression.Operator == PatternOperator.Colon;
        if (expression.Operator == PatternOperator.Regex)
        {
            var regexes = new Regex[texts.Count];
            for (var i = 0; i < regexes.Length; i++)
            {
                if (!LuceneRegex.TryTranslate(texts[i], out var translated, out var unsupported))
                {
                    throw new EqlCompileException($"invalid regular expression \"{texts[i]}\": {unsupported}", expression.Span);
                }
                try
                {
                    var regexOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.Singleline;
                    if (ignoreCase)
                    {
                        regexOptions |= RegexOptions.IgnoreCase;
                    }
                    regexes[i] = new Regex("^(?:" + translated + ")$", regexOptions, RegexTimeout);
                }
                catch (ArgumentException error)
                {
                    throw new EqlCompileException($"invalid regular expression \"{texts[i]}\": {error.Message}", expression.Span);
                }
            }
            return context => MatchText(value(context), regexes, static (regex, text) => regex.IsMatch(text));
        }
        var wildcards = new WildcardPattern[texts.Count];
        for (var i = 0; i < wildcards.Length; i++)
        {
            wildcards[i] = new WildcardPattern(texts[i], ignoreCase);
        }
        return context => MatchWildcards(value(context), wildcards, ignoreCase);
    }

    // As MatchText, but the text is lower-cased once for the whole list (when the patterns ignore case).
    private static EqlValue MatchWildcards(EqlValue value, WildcardPattern[] patterns, bool ignoreCase)
    {
        if (value.IsNull)
        {
            return EqlValue.Null;
        }
        char[]? rented = null;
        char[]? rentedLower = null;
        Span<char> buffer = stackalloc char[256];
        Span<char> lowerBuffer = stackalloc char[256];
        try
        {
            scoped ReadOnlySpan<char> text;
            if (value.IsText)
            {
                text = Utf8Text.Decode(value.Utf8, buffer, ref rented);
            }
            else
            {
                text = value.ToText();
            }
            if (ignoreCase && text.Length > lowerBuffer.Length)
            {
                rentedLower = System.Buffers.ArrayPool<char>.Shared.Rent(text.Length);
                lowerBuffer = rentedLower;
            }
            if (ignoreCase)
            {
                WildcardPattern.Lower(text, lowerBuffer);
            }
            var compared = ignoreCase ? lowerBuffer[..text.Length] : text;
            foreach (var pattern in patterns)
            {
                if (pattern.IsMatchLowered(compared))
                {
                    return EqlValue.True;
                }
            }
            return EqlValue.False;
        }
        finally
        {
            Utf8Text.Return(rented);
            if (rentedLower is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rentedLower);
            }
        }
    }

    private delegate bool TextMatcher<T>(T pattern, ReadOnlySpan<char> text);

    private static EqlValue MatchText<T>(EqlValue value, T[] patterns, TextMatcher<T> match)
    {
        if (value.IsNull)
        {
            return EqlValue.Null;
        }
        char[]? rented = null;
        Span<char> buffer = stackalloc char[256];
        try
        {
            scoped ReadOnlySpan<char> text;
            if (value.IsText)
            {
                text = Utf8Text.Decode(value.Utf8, buffer, ref rented);
            }
            else
            {
                text = value.ToText();
            }
            foreach (var pattern in patterns)
            {
                if (match(pattern, text))
                {
                    return EqlValue.True;
                }
            }
            return EqlValue.False;
        }
        finally
        {
            Utf8Text.Return(rented);
        }
    }

    private EqlEvaluator Function(FunctionCall call, List<int> slots)
    {
        if (options.EndgameDialect && EndgameFunction(call, slots) is { } endgame)
        {
            return endgame;
        }
        var name = call.Name.ToLowerInvariant();
        var args = new EqlEvaluator[call.Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = CompileValue(call.Arguments[i], slots);
        }
        var ci = call.IsCaseInsensitive || EndgameIgnoresCase;
        EqlEvaluator Arg(int i) => i < args.Length ? args[i] : static _ => EqlValue.Null;
        void Arity(int min, int max)
        {
            if (args.Length < min || args.Length > max)
            {
                throw new EqlCompileException($"{call.Name}() takes {(min == max ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{min} to {max}")} arguments, got {args.Length}", call.Span);
            }
        }
        switch (name)
        {
            case "add":
            case "subtract":
            case "multiply":
            case "divide":
            case "modulo":
                Arity(2, 2);
                var kind = name switch
                {
                    "add" => ArithmeticKind.Add,
                    "subtract" => ArithmeticKind.Subtract,
                    "multiply" => ArithmeticKind.Multiply,
                    "divide" => ArithmeticKind.Divide,
                    _ => ArithmeticKind.Modulo,
                };
                return Arithmetic(kind, args[0], args[1]);
            case "number":
            {
                Arity(1, 2);
                var a = args[0];
                var b = Arg(1);
                return context => EqlFunctions.Number(a(context), b(context));
            }
            case "string":
            {
                Arity(1, 1);
                var a = args[0];
                return context => EqlFunctions.ToStringValue(a(context));
            }
            case "concat":
            {
                Arity(1, int.MaxValue);
                return context =>
                {
                    var values = new EqlValue[args.Length];
                    for (var i = 0; i < args.Length; i++)
                    {
                        values[i] = args[i](context);
                    }
                    return EqlFunctions.Concat(values);
                };
            }
            case "length":
            {
                Arity(1, 1);
                var a = args[0];
                return context => EqlFunctions.Length(a(context));
            }
            case "substring":
            {
                Arity(2, 3);
                var (a, b, c) = (args[0], args[1], Arg(2));
                return context => EqlFunctions.Substring(a(context), b(context), c(context));
            }
            case "between":
            {
                Arity(3, 4);
                var (a, b, c, d) = (args[0], args[1], args[2], Arg(3));
                return context => EqlFunctions.Between(a(context), b(context), c(context), d(context), ci);
            }
            case "indexof":
            {
                Arity(2, 3);
                var (a, b, c) = (args[0], args[1], Arg(2));
                return context => EqlFunctions.IndexOf(a(context), b(context), c(context), ci);
            }
            case "startswith":
            {
                Arity(2, 2);
                var (a, b) = (args[0], args[1]);
                return context => EqlFunctions.StartsWith(a(context), b(context), ci);
            }
            case "endswith":
            {
                Arity(2, 2);
                var (a, b) = (args[0], args[1]);
                return context => EqlFunctions.EndsWith(a(context), b(context), ci);
            }
            case "stringcontains":
            {
                Arity(2, 2);
                var (a, b) = (args[0], args[1]);
                return context => EqlFunctions.StringContains(a(context), b(context), ci);
            }
            case "cidrmatch":
            {
                Arity(2, int.MaxValue);
                var networks = new List<IPNetwork>();
                for (var i = 1; i < call.Arguments.Count; i++)
                {
                    if (call.Arguments[i] is not StringLiteral literal || !EqlFunctions.TryParseNetwork(literal.Value, out var network))
                    {
                        throw new EqlCompileException("cidrMatch() needs CIDR string constants such as \"10.0.0.0/8\"", call.Arguments[i].Span);
                    }
                    networks.Add(network);
                }
                var a = args[0];
                return context => EqlFunctions.CidrMatch(a(context), networks);
            }
            default:
                throw new EqlCompileException($"unknown function {call.Name}()", call.Span);
        }
    }
}
