namespace Vigil.Eql.Syntax;

/// <summary>
/// Replaces a macro call by the macro's body with its parameters bound, on the tree (so <c>M(a + b) * 2</c> keeps
/// its grouping). A parameter used with a sub-path, <c>p.name</c> or <c>p[0]</c>, extends the argument's path, which
/// must then be a field (the Python engine's Macro.expand). The body's nodes take the call's span, so any later
/// diagnostic points at the call in the query, not into the definitions.
/// </summary>
internal static class MacroExpander
{
    /// <summary>Most nodes one expansion may produce: macros calling macros grow the tree exponentially.</summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>Most nodes all the expansions of one parse may produce together (each counted as a tree).</summary>
    public const int MaxTotalExpandedNodes = 1_000_000;

    public static Expression? Expand(MacroDefinition macro, ValueList<Expression> arguments, SourceSpan call, out string? problem, out int nodes)
    {
        nodes = 0;
        var bound = new Dictionary<string, Expression>(StringComparer.Ordinal);
        for (var i = 0; i < macro.Parameters.Length; i++)
        {
            bound[macro.Parameters[i]] = arguments[i];
        }
        problem = null;
        var expander = new Expansion(macro.Name, bound, call);
        var result = expander.Rewrite(macro.Body);
        if (expander.Problem is not null)
        {
            problem = expander.Problem;
            return null;
        }
        nodes = CountUpTo(result, MaxExpandedNodes + 1);
        if (nodes > MaxExpandedNodes)
        {
            problem = $"the expansion of macro '{macro.Name}' is too large (more than {MaxExpandedNodes} nodes)";
            return null;
        }
        return result;
    }

    private sealed class Expansion(string macro, Dictionary<string, Expression> bound, SourceSpan call)
    {
        public string? Problem { get; private set; }

        public Expression Rewrite(Expression node) => node switch
        {
            FieldReference field => Bind(field),
            StringLiteral or IntegerLiteral or DecimalLiteral or BooleanLiteral or NullLiteral => node with { Span = call },
            NotExpression not => new NotExpression(call, Rewrite(not.Operand)),
            NegateExpression negate => new NegateExpression(call, Rewrite(negate.Operand)),
            LogicalExpression logical => new LogicalExpression(call, logical.Operator, Rewrite(logical.Left), Rewrite(logical.Right)),
            ComparisonExpression comparison => new ComparisonExpression(call, comparison.Operator, Rewrite(comparison.Left), Rewrite(comparison.Right)),
            ArithmeticExpression arithmetic => new ArithmeticExpression(call, arithmetic.Operator, Rewrite(arithmetic.Left), Rewrite(arithmetic.Right)),
            InExpression inExpression => new InExpression(call, Rewrite(inExpression.Value), RewriteAll(inExpression.Set), inExpression.IsNegated, inExpression.IsCaseInsensitive),
            PatternExpression pattern => new PatternExpression(call, pattern.Operator, pattern.IsCaseInsensitive, Rewrite(pattern.Value), RewriteAll(pattern.Patterns)),
            FunctionCall function => new FunctionCall(call, function.Name, function.IsCaseInsensitive, RewriteAll(function.Arguments)),
            LineageExpression lineage => new LineageExpression(call, lineage.Kind,
                new EventQuery(call, lineage.Query.Category, Rewrite(lineage.Query.Condition))),
            _ => node with { Span = call },
        };

        private ValueList<Expression> RewriteAll(ValueList<Expression> nodes)
        {
            var rewritten = new Expression[nodes.Count];
            for (var i = 0; i < rewritten.Length; i++)
            {
                rewritten[i] = Rewrite(nodes[i]);
            }
            return new ValueList<Expression>(rewritten);
        }

        private Expression Bind(FieldReference field)
        {
            var baseLength = BaseLength(field.Path);
            if (!bound.TryGetValue(field.Path[..baseLength], out var argument))
            {
                return field with { Span = call };
            }
            if (baseLength == field.Path.Length)
            {
                return argument;
            }
            if (argument is FieldReference argumentField)
            {
                return new FieldReference(call, argumentField.Path + field.Path[baseLength..], argumentField.IsOptional || field.IsOptional);
            }
            Problem ??= $"macro '{macro}' uses its parameter as '{field.Path}', so the argument must be a field";
            return field;
        }
    }

    /// <summary>The first name of a path: up to the first '.' or '['.</summary>
    private static int BaseLength(string path)
    {
        var end = path.AsSpan().IndexOfAny('.', '[');
        return end < 0 ? path.Length : end;
    }

    /// <summary>The number of nodes of the tree, counting shared subtrees each time, up to <paramref name="limit"/>.</summary>
    private static int CountUpTo(SyntaxNode root, int limit)
    {
        var pending = new Stack<SyntaxNode>();
        pending.Push(root);
        var count = 0;
        while (pending.Count > 0 && count < limit)
        {
            count++;
            switch (pending.Pop())
            {
                case NotExpression not: pending.Push(not.Operand); break;
                case NegateExpression negate: pending.Push(negate.Operand); break;
                case LogicalExpression logical: pending.Push(logical.Left); pending.Push(logical.Right); break;
                case ComparisonExpression comparison: pending.Push(comparison.Left); pending.Push(comparison.Right); break;
                case ArithmeticExpression arithmetic: pending.Push(arithmetic.Left); pending.Push(arithmetic.Right); break;
                case InExpression inExpression: pending.Push(inExpression.Value); PushAll(pending, inExpression.Set); break;
                case PatternExpression pattern: pending.Push(pattern.Value); PushAll(pending, pattern.Patterns); break;
                case FunctionCall function: PushAll(pending, function.Arguments); break;
                case LineageExpression lineage: pending.Push(lineage.Query.Condition); break;
            }
        }
        return count;
    }

    private static void PushAll(Stack<SyntaxNode> pending, ValueList<Expression> nodes)
    {
        foreach (var node in nodes)
        {
            pending.Push(node);
        }
    }
}
