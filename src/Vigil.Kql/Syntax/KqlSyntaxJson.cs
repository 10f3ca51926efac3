using System.Text;
using System.Text.Json;
using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary>A KQL tree as indented JSON (node kinds, literals as parsed, spans as <c>line:column-line:column</c>).</summary>
public static class KqlSyntaxJson
{
    public static string ToJson(KqlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            Write(writer, node);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter w, KqlNode node)
    {
        w.WriteStartObject();
        switch (node)
        {
            case KqlOr or:
                Operands(w, "or", or.Span, or.Operands);
                break;
            case KqlAnd and:
                Operands(w, "and", and.Span, and.Operands);
                break;
            case KqlNot not:
                Head(w, "not", not.Span);
                w.WritePropertyName("operand");
                Write(w, not.Operand);
                break;
            case KqlNested nested:
                Head(w, "nested", nested.Span);
                Literal(w, "path", nested.Path);
                w.WritePropertyName("query");
                Write(w, nested.Query);
                break;
            case KqlRange range:
                Head(w, "range", range.Span);
                Literal(w, "field", range.Field);
                w.WriteString("operator", range.Operator switch
                {
                    KqlRangeOperator.LessThan => "lt",
                    KqlRangeOperator.LessThanOrEqual => "lte",
                    KqlRangeOperator.GreaterThan => "gt",
                    _ => "gte",
                });
                Literal(w, "value", range.Value);
                break;
            case KqlMatch match:
                Head(w, match.IsMatchAll ? "match_all" : match.IsExists ? "exists" : "is", match.Span);
                if (match.Field is { } field)
                {
                    Literal(w, "field", field);
                }
                else
                {
                    w.WriteNull("field");
                }
                Literal(w, "value", match.Value);
                break;
            case KqlFilterWildcard filter:
                Head(w, "filter_wildcard", filter.Span);
                w.WriteString("field", filter.Field);
                w.WriteString("pattern", filter.Pattern);
                w.WriteBoolean("case_insensitive", filter.CaseInsensitive);
                break;
        }
        w.WriteEndObject();
    }

    private static void Head(Utf8JsonWriter w, string kind, SourceSpan span)
    {
        w.WriteString("type", kind);
        w.WriteString("span", $"{span.Start}-{span.End}");
    }

    private static void Operands(Utf8JsonWriter w, string kind, SourceSpan span, IReadOnlyList<KqlNode> operands)
    {
        Head(w, kind, span);
        w.WriteStartArray("operands");
        foreach (var operand in operands)
        {
            Write(w, operand);
        }
        w.WriteEndArray();
    }

    private static void Literal(Utf8JsonWriter w, string name, KqlLiteral literal)
    {
        w.WriteStartObject(name);
        switch (literal.Kind)
        {
            case KqlLiteralKind.Null:
                w.WriteNull("value");
                break;
            case KqlLiteralKind.True or KqlLiteralKind.False:
                w.WriteBoolean("value", literal.Kind == KqlLiteralKind.True);
                break;
            default:
                w.WriteString("value", literal.Text);
                break;
        }
        if (literal.IsQuoted)
        {
            w.WriteBoolean("quoted", true);
        }
        if (literal.HasWildcard)
        {
            w.WriteStartArray("wildcard_pieces");
            foreach (var piece in literal.WildcardPieces)
            {
                w.WriteStringValue(piece);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
