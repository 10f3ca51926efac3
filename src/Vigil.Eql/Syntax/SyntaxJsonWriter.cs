using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Eql.Syntax;

/// <summary>
/// Writes a syntax tree as JSON for tools and for <c>vigil parse --json</c>: each node is an object whose
/// <c>kind</c> is the node type's name and whose <c>span</c> is <c>"line:column-line:column"</c> (end exclusive).
/// </summary>
public static class SyntaxJsonWriter
{
    public static string ToJson(SyntaxNode node, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = indented,
            // Meant for people and tools reading a terminal or a file, not for embedding in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(writer, node);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(node);
        writer.WriteStartObject();
        writer.WriteString("kind", node.GetType().Name);
        writer.WriteString("span", $"{node.Span.Start}-{node.Span.End}");
        switch (node)
        {
            case EqlStatement statement:
                WriteNode(writer, "query", statement.Query);
                WriteList(writer, "pipes", statement.Pipes);
                break;
            case Pipe pipe:
                writer.WriteString("pipe", pipe.Kind.ToString());
                WriteList(writer, "arguments", pipe.Arguments);
                break;
            case EventQuery query:
                writer.WriteString("category", query.Category);
                WriteNode(writer, "condition", query.Condition);
                break;
            case SequenceQuery sequence:
                WriteList(writer, "joinKeys", sequence.JoinKeys);
                WriteNode(writer, "maxSpan", sequence.MaxSpan);
                WriteList(writer, "stages", sequence.Stages);
                WriteNode(writer, "until", sequence.Until);
                break;
            case SampleQuery sample:
                WriteList(writer, "joinKeys", sample.JoinKeys);
                WriteList(writer, "stages", sample.Stages);
                break;
            case JoinQuery join:
                WriteList(writer, "joinKeys", join.JoinKeys);
                WriteList(writer, "stages", join.Stages);
                WriteNode(writer, "until", join.Until);
                break;
            case TimeSpanLiteral span:
                writer.WriteNumber("amount", span.Amount);
                writer.WriteString("unit", span.Unit);
                if (span.Milliseconds is { } milliseconds)
                {
                    writer.WriteNumber("milliseconds", milliseconds);
                }
                break;
            case QueryStage stage:
                writer.WriteBoolean("isMissing", stage.IsMissing);
                if (stage.Runs is { } runs)
                {
                    writer.WriteNumber("runs", runs);
                }
                WriteNode(writer, "query", stage.Query);
                WriteList(writer, "joinKeys", stage.JoinKeys);
                break;
            case StringLiteral str:
                writer.WriteString("value", str.Value);
                writer.WriteString("style", str.Style.ToString());
                break;
            case IntegerLiteral integer:
                writer.WriteNumber("value", integer.Value);
                break;
            case DecimalLiteral number:
                writer.WriteNumber("value", number.Value);
                break;
            case BooleanLiteral boolean:
                writer.WriteBoolean("value", boolean.Value);
                break;
            case NullLiteral:
                break;
            case FieldReference field:
                writer.WriteString("path", field.Path);
                writer.WriteBoolean("isOptional", field.IsOptional);
                if (field.IsVariable)
                {
                    writer.WriteBoolean("isVariable", true);
                }
                break;
            case NotExpression not:
                WriteNode(writer, "operand", not.Operand);
                break;
            case NegateExpression negate:
                WriteNode(writer, "operand", negate.Operand);
                break;
            case LogicalExpression logical:
                writer.WriteString("operator", logical.Operator.ToString());
                WriteNode(writer, "left", logical.Left);
                WriteNode(writer, "right", logical.Right);
                break;
            case ComparisonExpression comparison:
                writer.WriteString("operator", comparison.Operator.ToString());
                WriteNode(writer, "left", comparison.Left);
                WriteNode(writer, "right", comparison.Right);
                break;
            case ArithmeticExpression arithmetic:
                writer.WriteString("operator", arithmetic.Operator.ToString());
                WriteNode(writer, "left", arithmetic.Left);
                WriteNode(writer, "right", arithmetic.Right);
                break;
            case InExpression inExpression:
                writer.WriteBoolean("isNegated", inExpression.IsNegated);
                writer.WriteBoolean("isCaseInsensitive", inExpression.IsCaseInsensitive);
                WriteNode(writer, "value", inExpression.Value);
                WriteList(writer, "set", inExpression.Set);
                break;
            case PatternExpression pattern:
                writer.WriteString("operator", pattern.Operator.ToString());
                writer.WriteBoolean("isCaseInsensitive", pattern.IsCaseInsensitive);
                WriteNode(writer, "value", pattern.Value);
                WriteList(writer, "patterns", pattern.Patterns);
                break;
            case FunctionCall call:
                writer.WriteString("name", call.Name);
                writer.WriteBoolean("isCaseInsensitive", call.IsCaseInsensitive);
                WriteList(writer, "arguments", call.Arguments);
                break;
            case LineageExpression lineage:
                writer.WriteString("relation", lineage.Kind.ToString());
                WriteNode(writer, "query", lineage.Query);
                break;
            default:
                throw new ArgumentException($"unknown syntax node {node.GetType().Name}", nameof(node));
        }
        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, string name, SyntaxNode? node)
    {
        writer.WritePropertyName(name);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            Write(writer, node);
        }
    }

    private static void WriteList<T>(Utf8JsonWriter writer, string name, ValueList<T> items)
        where T : SyntaxNode
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            Write(writer, item);
        }
        writer.WriteEndArray();
    }
}
