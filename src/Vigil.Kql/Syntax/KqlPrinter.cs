using System.Text;

namespace Vigil.Kql.Syntax;

/// <summary>
/// Prints a query as canonical KQL: lower-case keywords, single spaces, parentheses only where precedence needs them,
/// value lists spelled out per field (<c>f:(a or b)</c> prints as <c>f:a or f:b</c>), and literals escaped so that
/// parsing the output gives the same tree.
/// </summary>
public static class KqlPrinter
{
    public static string Print(KqlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var output = new StringBuilder();
        Write(output, node);
        return output.ToString();
    }

    /// <summary>A literal as KQL text (quoted ones in quotes, unquoted ones with their special characters escaped).</summary>
    public static string Literal(KqlLiteral literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var output = new StringBuilder();
        WriteLiteral(output, literal);
        return output.ToString();
    }

    private static void Write(StringBuilder output, KqlNode node)
    {
        switch (node)
        {
            case KqlOr or:
                WriteOperands(output, or.Operands, " or ", static n => false);
                break;
            case KqlAnd and:
                WriteOperands(output, and.Operands, " and ", static n => n is KqlOr);
                break;
            case KqlNot not:
                output.Append("not ");
                WriteGrouped(output, not.Operand, not.Operand is KqlOr or KqlAnd or KqlNot);
                break;
            case KqlNested nested:
                WriteLiteral(output, nested.Path);
                output.Append(":{ ");
                Write(output, nested.Query);
                output.Append(" }");
                break;
            case KqlRange range:
                WriteLiteral(output, range.Field);
                output.Append(range.Operator switch
                {
                    KqlRangeOperator.LessThan => " < ",
                    KqlRangeOperator.LessThanOrEqual => " <= ",
                    KqlRangeOperator.GreaterThan => " > ",
                    _ => " >= ",
                });
                WriteLiteral(output, range.Value);
                break;
            case KqlMatch match:
                if (match.Field is { } field)
                {
                    WriteLiteral(output, field);
                    output.Append(':');
                }
                WriteLiteral(output, match.Value);
                break;
            case KqlFilterWildcard wildcard:
                // Filters have no KQL spelling; this form is for reading, not for parsing back.
                output.Append("<filter wildcard ").Append(wildcard.Field).Append(wildcard.CaseInsensitive ? " ~ \"" : " \"")
                    .Append(wildcard.Pattern).Append("\">");
                break;
            default:
                throw new ArgumentException($"unknown node {node.GetType().Name}", nameof(node));
        }
    }

    private static void WriteOperands(StringBuilder output, IReadOnlyList<KqlNode> operands, string separator, Func<KqlNode, bool> needsGroup)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                output.Append(separator);
            }
            // A nested same-kind operand came from parentheses; keep them so the tree prints back as it was.
            var operand = operands[i];
            WriteGrouped(output, operand, needsGroup(operand) || operand.GetType() == (separator == " or " ? typeof(KqlOr) : typeof(KqlAnd)));
        }
    }

    private static void WriteGrouped(StringBuilder output, KqlNode node, bool group)
    {
        if (group)
        {
            output.Append('(');
        }
        Write(output, node);
        if (group)
        {
            output.Append(')');
        }
    }

    private static void WriteLiteral(StringBuilder output, KqlLiteral literal)
    {
        if (literal.IsQuoted)
        {
            output.Append('"');
            foreach (var c in literal.Text)
            {
                switch (c)
                {
                    case '\\' or '"':
                        output.Append('\\').Append(c);
                        break;
                    case '\t':
                        output.Append("\\t");
                        break;
                    case '\r':
                        output.Append("\\r");
                        break;
                    case '\n':
                        output.Append("\\n");
                        break;
                    default:
                        output.Append(c);
                        break;
                }
            }
            output.Append('"');
            return;
        }
        if (!literal.HasWildcard)
        {
            WritePiece(output, literal.Text);
            return;
        }
        for (var i = 0; i < literal.WildcardPieces.Length; i++)
        {
            if (i > 0)
            {
                output.Append('*');
            }
            WritePiece(output, literal.WildcardPieces[i]);
        }
    }

    private static void WritePiece(StringBuilder output, string piece)
    {
        for (var i = 0; i < piece.Length; i++)
        {
            var c = piece[i];
            if (KqlParser.IsSpecial(c))
            {
                output.Append('\\').Append(c);
                continue;
            }
            switch (c)
            {
                case '\t':
                    output.Append("\\t");
                    continue;
                case '\r':
                    output.Append("\\r");
                    continue;
                case '\n':
                    output.Append("\\n");
                    continue;
            }
            // A keyword inside a value must be escaped or it would end the literal (" or ", " and ", "not ").
            if (KeywordAt(piece, i) is { } length)
            {
                output.Append('\\').Append(piece, i, length);
                i += length - 1;
                continue;
            }
            output.Append(c);
        }
    }

    private static int? KeywordAt(string piece, int i)
    {
        static bool Word(string s, int at, string word) =>
            at + word.Length <= s.Length && s.AsSpan(at, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase);
        static bool Space(string s, int at) => at >= 0 && at < s.Length && KqlParser.IsSpace(s[at]);
        if (Word(piece, i, "not") && Space(piece, i + 3))
        {
            return 3;
        }
        if (Space(piece, i - 1) && Word(piece, i, "and") && Space(piece, i + 3))
        {
            return 3;
        }
        if (Space(piece, i - 1) && Word(piece, i, "or") && Space(piece, i + 2))
        {
            return 2;
        }
        return null;
    }
}
