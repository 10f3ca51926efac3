namespace Vigil.Eql.Syntax;

/// <summary>
/// Compares two trees by what they mean as written, ignoring spans and how a string was quoted
/// (<see cref="StringStyle"/>): the test that parse(print(tree)) gives back the same tree.
/// </summary>
public static class SyntaxEquivalence
{
    public static bool AreEquivalent(SyntaxNode? a, SyntaxNode? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null || a.GetType() != b.GetType())
        {
            return false;
        }
        return (a, b) switch
        {
            (EqlStatement x, EqlStatement y) => AreEquivalent(x.Query, y.Query) && AllEquivalent(x.Pipes, y.Pipes),
            (Pipe x, Pipe y) => x.Kind == y.Kind && AllEquivalent(x.Arguments, y.Arguments),
            (EventQuery x, EventQuery y) => x.Category == y.Category && AreEquivalent(x.Condition, y.Condition),
            (SequenceQuery x, SequenceQuery y) => AllEquivalent(x.JoinKeys, y.JoinKeys)
                && AreEquivalent(x.MaxSpan, y.MaxSpan) && AllEquivalent(x.Stages, y.Stages) && AreEquivalent(x.Until, y.Until),
            (SampleQuery x, SampleQuery y) => AllEquivalent(x.JoinKeys, y.JoinKeys) && AllEquivalent(x.Stages, y.Stages),
            (JoinQuery x, JoinQuery y) => AllEquivalent(x.JoinKeys, y.JoinKeys) && AllEquivalent(x.Stages, y.Stages)
                && AreEquivalent(x.Until, y.Until),
            (TimeSpanLiteral x, TimeSpanLiteral y) => x.Amount == y.Amount && x.Unit == y.Unit,
            (QueryStage x, QueryStage y) => x.IsMissing == y.IsMissing && x.Runs == y.Runs
                && AreEquivalent(x.Query, y.Query) && AllEquivalent(x.JoinKeys, y.JoinKeys),
            (StringLiteral x, StringLiteral y) => string.Equals(x.Value, y.Value, StringComparison.Ordinal),
            (IntegerLiteral x, IntegerLiteral y) => x.Value == y.Value,
            (DecimalLiteral x, DecimalLiteral y) => x.Value.Equals(y.Value),
            (BooleanLiteral x, BooleanLiteral y) => x.Value == y.Value,
            (NullLiteral, NullLiteral) => true,
            (FieldReference x, FieldReference y) => x.IsOptional == y.IsOptional
                && string.Equals(x.Path, y.Path, StringComparison.Ordinal),
            (NotExpression x, NotExpression y) => AreEquivalent(x.Operand, y.Operand),
            (NegateExpression x, NegateExpression y) => AreEquivalent(x.Operand, y.Operand),
            (LogicalExpression x, LogicalExpression y) => x.Operator == y.Operator
                && AreEquivalent(x.Left, y.Left) && AreEquivalent(x.Right, y.Right),
            (ComparisonExpression x, ComparisonExpression y) => x.Operator == y.Operator
                && AreEquivalent(x.Left, y.Left) && AreEquivalent(x.Right, y.Right),
            (ArithmeticExpression x, ArithmeticExpression y) => x.Operator == y.Operator
                && AreEquivalent(x.Left, y.Left) && AreEquivalent(x.Right, y.Right),
            (InExpression x, InExpression y) => x.IsNegated == y.IsNegated && x.IsCaseInsensitive == y.IsCaseInsensitive
                && AreEquivalent(x.Value, y.Value) && AllEquivalent(x.Set, y.Set),
            (PatternExpression x, PatternExpression y) => x.Operator == y.Operator
                && x.IsCaseInsensitive == y.IsCaseInsensitive && AreEquivalent(x.Value, y.Value)
                && AllEquivalent(x.Patterns, y.Patterns),
            (FunctionCall x, FunctionCall y) => x.IsCaseInsensitive == y.IsCaseInsensitive
                && string.Equals(x.Name, y.Name, StringComparison.Ordinal) && AllEquivalent(x.Arguments, y.Arguments),
            (LineageExpression x, LineageExpression y) => x.Kind == y.Kind && AreEquivalent(x.Query, y.Query),
            _ => throw new ArgumentException($"unknown syntax node {a.GetType().Name}", nameof(a)),
        };
    }

    private static bool AllEquivalent<T>(ValueList<T> a, ValueList<T> b)
        where T : SyntaxNode
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!AreEquivalent(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }
}
