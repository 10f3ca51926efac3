using System.Text;
using Vigil.Eql.Semantics;

namespace Vigil.Eql.Syntax;

/// <summary>
/// Shows a diagnostic the way a compiler does:
/// <code>
/// error: 1:15: unterminated string literal
/// process where "abc
///               ^~~~
/// </code>
/// The caret marks the start and tildes the rest of the span on that line.
/// </summary>
public static class DiagnosticFormatter
{
    public static string Format(Diagnostic diagnostic, string sourceText)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        ArgumentNullException.ThrowIfNull(sourceText);
        var output = new StringBuilder();
        output.Append(diagnostic.ToString());

        var start = Math.Clamp(diagnostic.Span.Start.Offset, 0, sourceText.Length);
        var lineStart = start;
        while (lineStart > 0 && sourceText[lineStart - 1] is not ('\n' or '\r'))
        {
            lineStart--;
        }
        var lineEnd = start;
        while (lineEnd < sourceText.Length && sourceText[lineEnd] is not ('\n' or '\r'))
        {
            lineEnd++;
        }
        var line = sourceText.AsSpan(lineStart, lineEnd - lineStart);
        output.Append('\n').Append(line).Append('\n');

        // Keep tabs in the indentation so the caret lines up however the terminal shows tabs.
        for (var i = lineStart; i < start; i++)
        {
            output.Append(sourceText[i] == '\t' ? '\t' : ' ');
        }
        output.Append('^');
        var end = Math.Min(Math.Max(diagnostic.Span.End.Offset, start), lineEnd);
        for (var i = start + 1; i < end; i++)
        {
            output.Append('~');
        }
        return output.ToString();
    }
}
