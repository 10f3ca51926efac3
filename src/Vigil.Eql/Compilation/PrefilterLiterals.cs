using Vigil.Eql.Syntax;

namespace Vigil.Eql.Compilation;

/// <summary>
/// Derives, conservatively, strings of which at least one must occur in the raw JSON of any event a stage can match:
/// the stage's category and case-sensitive string equalities, combined through <c>and</c> (either side's set) and
/// <c>or</c> (both sides' sets). Case-insensitive operators, patterns, numbers, negations and literals that JSON must
/// escape give no constraint. Contract for users: a line containing none of the literals and no backslash (so no
/// escape could hide one) cannot match; any other line must be parsed.
/// </summary>
internal static class PrefilterLiterals
{
    /// <summary>The literals for a stage, or null when the stage puts no literal constraint on events.</summary>
    /// <param name="query">The stage.</param>
    /// <param name="caseInsensitiveEquality">The Endgame dialect (then equality gives no constraint).</param>
    /// <param name="keepsText">Whether a field's matching values appear verbatim in JSON (not dates, which can be
    /// written as epoch numbers while the literal is ISO text).</param>
    public static HashSet<string>? ForStage(EventQuery query, bool caseInsensitiveEquality, Func<string, bool> keepsText)
    {
        var fromCondition = caseInsensitiveEquality ? null : Required(query.Condition, keepsText);
        HashSet<string>? fromCategory = query.Category is { } category && !caseInsensitiveEquality && IsPlain(category)
            ? [category]
            : null;
        return Better(fromCondition, fromCategory);
    }

    private static HashSet<string>? Required(Expression expression, Func<string, bool> keepsText) => expression switch
    {
        LogicalExpression { Operator: LogicalOperator.And } and => Better(Required(and.Left, keepsText), Required(and.Right, keepsText)),
        LogicalExpression { Operator: LogicalOperator.Or } or => Union(Required(or.Left, keepsText), Required(or.Right, keepsText)),
        ComparisonExpression { Operator: ComparisonOperator.Equal, Left: FieldReference field, Right: StringLiteral literal }
            when IsPlain(literal.Value) && keepsText(field.Path) => [literal.Value],
        ComparisonExpression { Operator: ComparisonOperator.Equal, Left: StringLiteral literal, Right: FieldReference field }
            when IsPlain(literal.Value) && keepsText(field.Path) => [literal.Value],
        InExpression { IsNegated: false, IsCaseInsensitive: false, Value: FieldReference field } set when keepsText(field.Path) => AllPlainStrings(set.Set),
        _ => null,
    };

    private static HashSet<string>? AllPlainStrings(ValueList<Expression> items)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is not StringLiteral literal || !IsPlain(literal.Value))
            {
                return null;
            }
            result.Add(literal.Value);
        }
        return result.Count > 0 ? result : null;
    }

    // Prefers the set whose shortest literal is longest (fewer false candidates).
    private static HashSet<string>? Better(HashSet<string>? a, HashSet<string>? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }
        return a.Min(s => s.Length) >= b.Min(s => s.Length) ? a : b;
    }

    private static HashSet<string>? Union(HashSet<string>? a, HashSet<string>? b)
    {
        if (a is null || b is null)
        {
            return null;
        }
        var union = new HashSet<string>(a, StringComparer.Ordinal);
        union.UnionWith(b);
        return union;
    }

    // Non-empty, and written in JSON exactly as is (no quote, backslash or control character).
    private static bool IsPlain(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (c is '"' or '\\' or < ' ')
            {
                return false;
            }
        }
        return true;
    }
}
