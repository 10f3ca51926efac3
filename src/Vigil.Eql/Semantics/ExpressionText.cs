using System.Globalization;
using System.Text;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Semantics;

/// <summary>
/// The text of a node for messages: the source slice when the query text is known (as Elasticsearch quotes it),
/// otherwise a plain rendering of the expression.
/// </summary>
internal sealed class ExpressionText(string? source)
{
    public string Of(SyntaxNode node)
    {
        var span = node.Span;
        if (source is not null && span.Length > 0 && span.End.Offset <= source.Length)
        {
            return source.Substring(span.Start.Offset, span.Length);
        }
        var builder = new StringBuilder();
        Render(node, builder);
        return builder.ToString();
    }

    private static void Render(SyntaxNode node, StringBuilder text)
    {
        switch (node)
        {
            case StringLiteral s:
                text.Append('"').Append(s.Value.Replace("\\", "\\\\", StringComparison.Ordinal)
                    .Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case IntegerLiteral i:
                text.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case DecimalLiteral d:
                text.Append(d.Value.ToString("R", CultureInfo.InvariantCulture));
                break;
            case BooleanLiteral b:
                text.Append(b.Value ? "true" : "false");
                break;
            case NullLiteral:
                text.Append("null");
                break;
            case FieldReference f:
                text.Append(f.IsOptional ? "?" : string.Empty).Append(f.Path);
                break;
            case NotExpression n:
                text.Append("not ");
                Render(n.Operand, text);
                break;
            case NegateExpression n:
                text.Append('-');
                Render(n.Operand, text);
                break;
            case LogicalExpression l:
                Binary(l.Left, l.Operator == LogicalOperator.And ? "and" : "or", l.Right, text);
                break;
            case ComparisonExpression c:
                Binary(c.Left, Symbol(c.Operator), c.Right, text);
                break;
            case ArithmeticExpression a:
                Binary(a.Left, Symbol(a.Operator), a.Right, text);
                break;
            case InExpression i:
                Render(i.Value, text);
                text.Append(i.IsNegated ? " not in" : " in").Append(i.IsCaseInsensitive ? "~ (" : " (");
                List(i.Set, text);
                text.Append(')');
                break;
            case PatternExpression p:
                Render(p.Value, text);
                text.Append(p.Operator switch
                {
                    PatternOperator.Colon => " : ",
                    PatternOperator.Like => p.IsCaseInsensitive ? " like~ " : " like ",
                    _ => p.IsCaseInsensitive ? " regex~ " : " regex ",
                });
                if (p.Patterns.Count == 1)
                {
                    Render(p.Patterns[0], text);
                }
                else
                {
                    text.Append('(');
                    List(p.Patterns, text);
                    text.Append(')');
                }
                break;
            case FunctionCall f:
                text.Append(f.Name).Append(f.IsCaseInsensitive ? "~(" : "(");
                List(f.Arguments, text);
                text.Append(')');
                break;
            default:
                text.Append(node.GetType().Name);
                break;
        }
    }

    private static void Binary(Expression left, string symbol, Expression right, StringBuilder text)
    {
        Render(left, text);
        text.Append(' ').Append(symbol).Append(' ');
        Render(right, text);
    }

    private static void List(ValueList<Expression> items, StringBuilder text)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            Render(items[i], text);
        }
    }

    public static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        _ => ">=",
    };

    public static string Symbol(ArithmeticOperator op) => op switch
    {
        ArithmeticOperator.Add => "+",
        ArithmeticOperator.Subtract => "-",
        ArithmeticOperator.Multiply => "*",
        ArithmeticOperator.Divide => "/",
        _ => "%",
    };
}
