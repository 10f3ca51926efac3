namespace Vigil.Eql.Syntax;

/// <summary>
/// Whether an expression reads any field, walked without recursion (trees may be deep). A key of the Endgame pipes
/// count, unique, unique_count and sort must: a constant key groups or orders nothing, and the Python engine refuses
/// one (its by-pipes take only dynamic arguments, eql/pipes.py <c>ByPipe</c>).
/// </summary>
internal static class SyntaxFieldReads
{
    public static bool ReadsAField(Expression root)
    {
        var pending = new Stack<Expression>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case FieldReference:
                case LineageExpression:
                    return true;
                case NotExpression not:
                    pending.Push(not.Operand);
                    break;
                case NegateExpression negate:
                    pending.Push(negate.Operand);
                    break;
                case LogicalExpression logical:
                    pending.Push(logical.Left);
                    pending.Push(logical.Right);
                    break;
                case ComparisonExpression comparison:
                    pending.Push(comparison.Left);
                    pending.Push(comparison.Right);
                    break;
                case ArithmeticExpression arithmetic:
                    pending.Push(arithmetic.Left);
                    pending.Push(arithmetic.Right);
                    break;
                case InExpression inExpression:
                    pending.Push(inExpression.Value);
                    PushAll(pending, inExpression.Set);
                    break;
                case PatternExpression pattern:
                    pending.Push(pattern.Value);
                    PushAll(pending, pattern.Patterns);
                    break;
                case FunctionCall call:
                    PushAll(pending, call.Arguments);
                    break;
            }
        }
        return false;
    }

    private static void PushAll(Stack<Expression> pending, ValueList<Expression> nodes)
    {
        foreach (var node in nodes)
        {
            pending.Push(node);
        }
    }
}
