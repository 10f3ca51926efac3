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
    /// <summary>Diagnostics printed before the rest are only counted: a hostile query can hold thousands of errors.</summary>
    public const int DefaultLimit = 20;

    // Characters of the line shown before and after the caret: an excerpt, not the whole line (a query can be one
    // line of megabytes, and each diagnostic would print it again).
    private const int Before = 60;
    private const int After = 40;

    /// <summary>
    /// Formats at most <paramref name="limit"/> diagnostics, then one line saying how many more there are; each is
    /// formatted in time proportional to its excerpt, so the whole is linear in the number printed.
    /// </summary>
    public static IReadOnlyList<string> FormatAll(IEnumerable<Diagnostic> diagnostics, string sourceText, int limit = DefaultLimit)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var lines = new List<string>();
        var more = 0;
        foreach (var diagnostic in diagnostics)
        {
            if (lines.Count < limit)
            {
                lines.Add(Format(diagnostic, sourceText));
            }
            else
            {
                more++;
            }
        }
        if (more > 0)
        {
            lines.Add($"... and {more} more error{(more == 1 ? "" : "s")}");
        }
        return lines;
    }

    public static string Format(Diagnostic diagnostic, string sourceText)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        ArgumentNullException.ThrowIfNull(sourceText);
        var output = new StringBuilder();
        output.Append(Vigil.Events.Text.SafeText.Neutralise(diagnostic.ToString()));

        var start = Math.Clamp(diagnostic.Span.Start.Offset, 0, sourceText.Length);
        var lineStart = start;
        while (lineStart > 0 && start - lineStart < Before && sourceText[lineStart - 1] is not ('\n' or '\r'))
        {
            lineStart--;
        }
        var cutBefore = lineStart > 0 && sourceText[lineStart - 1] is not ('\n' or '\r');
        var lineEnd = start;
        while (lineEnd < sourceText.Length && lineEnd - start < After && sourceText[lineEnd] is not ('\n' or '\r'))
        {
            lineEnd++;
        }
        var cutAfter = lineEnd < sourceText.Length && sourceText[lineEnd] is not ('\n' or '\r');
        output.Append('\n');
        var indent = 0;
        if (cutBefore)
        {
            output.Append("...");
            indent = 3;
        }
        // Control characters in the query are shown escaped, one visible character each, so the caret still lines up.
        for (var i = lineStart; i < lineEnd; i++)
        {
            var c = sourceText[i];
            output.Append(c != '\t' && Vigil.Events.Text.SafeText.IsUnsafe(c, keepNewlines: true) ? '?' : c);
        }
        if (cutAfter)
        {
            output.Append("...");
        }
        output.Append('\n').Append(' ', indent);

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
