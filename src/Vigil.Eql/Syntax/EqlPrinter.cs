using System.Globalization;
using System.Text;

namespace Vigil.Eql.Syntax;

/// <summary>
/// Writes a statement as canonical EQL: lowercase keywords, single spaces, only the parentheses precedence needs,
/// double-quoted strings with the fewest escapes (raw strings stay raw when they can), fields in backticks only when
/// needed. Sequences, samples and joins put each stage on its own line. Parsing the output gives back an
/// equivalent tree, and printing that tree gives the same text.
/// </summary>
public static class EqlPrinter
{
    // Binding strength, loosest first; an operand printed below its required level gets parentheses.
    private const int OrLevel = 1;
    private const int AndLevel = 2;
    private const int NotLevel = 3;
    private const int ComparisonLevel = 4;
    private const int AdditiveLevel = 5;
    private const int MultiplicativeLevel = 6;
    private const int UnaryLevel = 7;
    private const int PredicateLevel = 8;
    private const int PrimaryLevel = 9;

    public static string Print(EqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var output = new StringBuilder();
        var multiLine = statement.Query is not EventQuery;
        WriteQuery(output, statement.Query);
        foreach (var pipe in statement.Pipes)
        {
            output.Append(multiLine ? "\n| " : " | ");
            WritePipe(output, pipe);
        }
        return output.ToString();
    }

    /// <summary>Writes one expression in canonical form (used by diagnostics and tools that show a condition).</summary>
    public static string Print(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var output = new StringBuilder();
        WriteExpression(output, expression, OrLevel);
        return output.ToString();
    }

    private static void WriteQuery(StringBuilder output, Query query)
    {
        switch (query)
        {
            case EventQuery eventQuery:
                WriteEventQuery(output, eventQuery);
                break;
            case SequenceQuery sequence:
                output.Append("sequence");
                WriteJoinKeys(output, sequence.JoinKeys);
                if (sequence.MaxSpan is { } maxSpan)
                {
                    output.Append(" with maxspan=").Append(maxSpan.Amount.ToString(CultureInfo.InvariantCulture)).Append(maxSpan.Unit);
                }
                WriteStages(output, sequence.Stages, sequence.Until);
                break;
            case SampleQuery sample:
                output.Append("sample");
                WriteJoinKeys(output, sample.JoinKeys);
                WriteStages(output, sample.Stages, null);
                break;
            case JoinQuery join:
                output.Append("join");
                WriteJoinKeys(output, join.JoinKeys);
                WriteStages(output, join.Stages, join.Until);
                break;
            default:
                throw new ArgumentException($"unknown query node {query.GetType().Name}", nameof(query));
        }
    }

    private static void WriteEventQuery(StringBuilder output, EventQuery query)
    {
        if (query.Category is null)
        {
            output.Append("any");
        }
        else if (Keywords.IsPlainIdentifier(query.Category))
        {
            output.Append(query.Category);
        }
        else
        {
            StringLiterals.WriteQuoted(output, query.Category);
        }
        output.Append(" where ");
        WriteExpression(output, query.Condition, OrLevel);
    }

    private static void WriteStages(StringBuilder output, ValueList<QueryStage> stages, QueryStage? until)
    {
        foreach (var stage in stages)
        {
            output.Append("\n  ");
            WriteStage(output, stage);
        }
        if (until is not null)
        {
            output.Append("\nuntil ");
            WriteStage(output, until);
        }
    }

    private static void WriteStage(StringBuilder output, QueryStage stage)
    {
        output.Append(stage.IsMissing ? "![" : "[");
        WriteEventQuery(output, stage.Query);
        output.Append(']');
        if (stage.IsFork)
        {
            output.Append(" fork");
        }
        WriteJoinKeys(output, stage.JoinKeys);
        if (stage.Runs is { } runs)
        {
            output.Append(" with runs=").Append(runs.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteJoinKeys(StringBuilder output, ValueList<Expression> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }
        output.Append(" by ");
        WriteList(output, keys);
    }

    private static void WritePipe(StringBuilder output, Pipe pipe)
    {
        output.Append(pipe.Kind switch
        {
            PipeKind.Head => "head",
            PipeKind.Tail => "tail",
            PipeKind.Count => "count",
            PipeKind.Unique => "unique",
            PipeKind.UniqueCount => "unique_count",
            PipeKind.Filter => "filter",
            PipeKind.Sort => "sort",
            _ => throw new ArgumentException($"unknown pipe {pipe.Kind}", nameof(pipe)),
        });
        if (pipe.Arguments.Count > 0)
        {
            output.Append(' ');
            WriteList(output, pipe.Arguments);
        }
    }

    private static void WriteList(StringBuilder output, ValueList<Expression> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                output.Append(", ");
            }
            WriteExpression(output, items[i], OrLevel);
        }
    }

    /// <summary>How tightly <paramref name="expression"/> binds when printed bare.</summary>
    private static int LevelOf(Expression expression) => expression switch
    {
        LogicalExpression { Operator: LogicalOperator.Or } => OrLevel,
        LogicalExpression => AndLevel,
        NotExpression or LineageExpression => NotLevel,
        ComparisonExpression => ComparisonLevel,
        ArithmeticExpression { Operator: ArithmeticOperator.Add or ArithmeticOperator.Subtract } => AdditiveLevel,
        ArithmeticExpression => MultiplicativeLevel,
        // A negative number is written with its sign, which reads back as a unary minus folded into the literal.
        NegateExpression or IntegerLiteral { Value: < 0 } => UnaryLevel,
        DecimalLiteral { Value: var d } when double.IsNegative(d) => UnaryLevel,
        InExpression or PatternExpression => PredicateLevel,
        _ => PrimaryLevel,
    };

    private static void WriteExpression(StringBuilder output, Expression expression, int requiredLevel)
    {
        var parenthesize = LevelOf(expression) < requiredLevel;
        if (parenthesize)
        {
            output.Append('(');
        }
        WriteBare(output, expression);
        if (parenthesize)
        {
            output.Append(')');
        }
    }

    private static void WriteBare(StringBuilder output, Expression expression)
    {
        switch (expression)
        {
            case LogicalExpression logical:
                var level = logical.Operator == LogicalOperator.Or ? OrLevel : AndLevel;
                WriteExpression(output, logical.Left, level);
                output.Append(logical.Operator == LogicalOperator.Or ? " or " : " and ");
                WriteExpression(output, logical.Right, level + 1);
                break;
            case NotExpression not:
                output.Append("not ");
                WriteExpression(output, not.Operand, NotLevel);
                break;
            case LineageExpression lineage:
                output.Append(lineage.Kind switch
                {
                    LineageKind.DescendantOf => "descendant of [",
                    LineageKind.ChildOf => "child of [",
                    _ => "event of [",
                });
                WriteEventQuery(output, lineage.Query);
                output.Append(']');
                break;
            case ComparisonExpression comparison:
                WriteExpression(output, comparison.Left, AdditiveLevel);
                output.Append(comparison.Operator switch
                {
                    ComparisonOperator.Equal => " == ",
                    ComparisonOperator.NotEqual => " != ",
                    ComparisonOperator.LessThan => " < ",
                    ComparisonOperator.LessThanOrEqual => " <= ",
                    ComparisonOperator.GreaterThan => " > ",
                    _ => " >= ",
                });
                WriteExpression(output, comparison.Right, AdditiveLevel);
                break;
            case ArithmeticExpression arithmetic:
                var left = LevelOf(arithmetic);
                WriteExpression(output, arithmetic.Left, left);
                output.Append(arithmetic.Operator switch
                {
                    ArithmeticOperator.Add => " + ",
                    ArithmeticOperator.Subtract => " - ",
                    ArithmeticOperator.Multiply => " * ",
                    ArithmeticOperator.Divide => " / ",
                    _ => " % ",
                });
                WriteExpression(output, arithmetic.Right, left + 1);
                break;
            case NegateExpression negate:
                output.Append('-');
                // "-5" would read back as the literal -5, so a negated number keeps its parentheses.
                if (negate.Operand is IntegerLiteral or DecimalLiteral)
                {
                    output.Append('(');
                    WriteBare(output, negate.Operand);
                    output.Append(')');
                }
                else
                {
                    WriteExpression(output, negate.Operand, UnaryLevel);
                }
                break;
            case InExpression inExpression:
                WriteExpression(output, inExpression.Value, PrimaryLevel);
                output.Append(inExpression.IsNegated ? " not in" : " in").Append(inExpression.IsCaseInsensitive ? "~ (" : " (");
                WriteList(output, inExpression.Set);
                output.Append(')');
                break;
            case PatternExpression pattern:
                WriteExpression(output, pattern.Value, PrimaryLevel);
                output.Append(pattern.Operator switch
                {
                    PatternOperator.Colon => " : ",
                    PatternOperator.Like => pattern.IsCaseInsensitive ? " like~ " : " like ",
                    _ => pattern.IsCaseInsensitive ? " regex~ " : " regex ",
                });
                if (pattern.Patterns.Count == 1)
                {
                    WriteBare(output, pattern.Patterns[0]);
                }
                else
                {
                    output.Append('(');
                    WriteList(output, pattern.Patterns);
                    output.Append(')');
                }
                break;
            case FunctionCall call:
                output.Append(call.Name);
                if (call.IsCaseInsensitive)
                {
                    output.Append('~');
                }
                output.Append('(');
                WriteList(output, call.Arguments);
                output.Append(')');
                break;
            case FieldReference field:
                WriteField(output, field);
                break;
            case StringLiteral str:
                if (str.Style == StringStyle.Raw && StringLiterals.CanWriteRaw(str.Value))
                {
                    output.Append("\"\"\"").Append(str.Value).Append("\"\"\"");
                }
                else
                {
                    StringLiterals.WriteQuoted(output, str.Value);
                }
                break;
            case IntegerLiteral integer:
                output.Append(integer.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case DecimalLiteral number:
                WriteDecimal(output, number.Value);
                break;
            case BooleanLiteral boolean:
                output.Append(boolean.Value ? "true" : "false");
                break;
            case NullLiteral:
                output.Append("null");
                break;
            default:
                throw new ArgumentException($"unknown expression node {expression.GetType().Name}", nameof(expression));
        }
    }

    private static void WriteDecimal(StringBuilder output, double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        output.Append(text);
        // Keep it a decimal when read back: "1" would be an integer.
        if (text.AsSpan().IndexOfAny('.', 'E') < 0)
        {
            output.Append(".0");
        }
    }

    private static void WriteField(StringBuilder output, FieldReference field)
    {
        if (field.IsVariable)
        {
            output.Append('$');
        }
        if (field.IsOptional)
        {
            output.Append('?');
        }
        var path = field.Path.AsSpan();
        var first = true;
        foreach (var range in path.Split('.'))
        {
            if (!first)
            {
                output.Append('.');
            }
            first = false;
            var segment = path[range];
            // An Endgame array index (name[0][1]) prints as written after its name.
            var index = segment.IndexOf('[');
            var indexes = index > 0 && segment[^1] == ']' ? segment[index..] : [];
            if (indexes.Length > 0)
            {
                segment = segment[..index];
            }
            if (Keywords.IsPlainIdentifier(segment))
            {
                output.Append(segment).Append(indexes);
            }
            else
            {
                output.Append('`');
                foreach (var c in segment)
                {
                    if (c == '`')
                    {
                        output.Append('`');
                    }
                    output.Append(c);
                }
                output.Append('`');
            }
        }
    }
}
