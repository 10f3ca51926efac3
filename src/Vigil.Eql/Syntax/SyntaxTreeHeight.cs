namespace Vigil.Eql.Syntax;

/// <summary>
/// Measures how deep a tree is without recursing, so an absurdly long chain such as <c>a or b or ...</c>
/// (which the parser reads in a loop) can be refused before recursive consumers overflow the stack on it.
/// </summary>
internal static class SyntaxTreeHeight
{
    public static int Of(SyntaxNode root)
    {
        var pending = new Stack<(SyntaxNode Node, int Depth)>();
        pending.Push((root, 1));
        var height = 0;
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            height = Math.Max(height, depth);
            var next = depth + 1;
            switch (node)
            {
                case EqlStatement statement:
                    pending.Push((statement.Query, next));
                    PushAll(pending, statement.Pipes, next);
                    break;
                case Pipe pipe:
                    PushAll(pending, pipe.Arguments, next);
                    break;
                case EventQuery query:
                    pending.Push((query.Condition, next));
                    break;
                case SequenceQuery sequence:
                    PushAll(pending, sequence.JoinKeys, next);
                    PushAll(pending, sequence.Stages, next);
                    PushIfAny(pending, sequence.Until, next);
                    break;
                case SampleQuery sample:
                    PushAll(pending, sample.JoinKeys, next);
                    PushAll(pending, sample.Stages, next);
                    break;
                case JoinQuery join:
                    PushAll(pending, join.JoinKeys, next);
                    PushAll(pending, join.Stages, next);
                    PushIfAny(pending, join.Until, next);
                    break;
                case QueryStage stage:
                    pending.Push((stage.Query, next));
                    PushAll(pending, stage.JoinKeys, next);
                    break;
                case NotExpression not:
                    pending.Push((not.Operand, next));
                    break;
                case NegateExpression negate:
                    pending.Push((negate.Operand, next));
                    break;
                case LogicalExpression logical:
                    pending.Push((logical.Left, next));
                    pending.Push((logical.Right, next));
                    break;
                case ComparisonExpression comparison:
                    pending.Push((comparison.Left, next));
                    pending.Push((comparison.Right, next));
                    break;
                case ArithmeticExpression arithmetic:
                    pending.Push((arithmetic.Left, next));
                    pending.Push((arithmetic.Right, next));
                    break;
                case InExpression inExpression:
                    pending.Push((inExpression.Value, next));
                    PushAll(pending, inExpression.Set, next);
                    break;
                case PatternExpression pattern:
                    pending.Push((pattern.Value, next));
                    PushAll(pending, pattern.Patterns, next);
                    break;
                case FunctionCall call:
                    PushAll(pending, call.Arguments, next);
                    break;
                case LineageExpression lineage:
                    pending.Push((lineage.Query, next));
                    break;
            }
        }
        return height;
    }

    private static void PushAll<T>(Stack<(SyntaxNode, int)> pending, ValueList<T> nodes, int depth)
        where T : SyntaxNode
    {
        foreach (var node in nodes)
        {
            pending.Push((node, depth));
        }
    }

    private static void PushIfAny(Stack<(SyntaxNode, int)> pending, SyntaxNode? node, int depth)
    {
        if (node is not null)
        {
            pending.Push((node, depth));
        }
    }
}
