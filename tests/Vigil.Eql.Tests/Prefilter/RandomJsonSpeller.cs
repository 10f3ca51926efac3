using System.Globalization;
using System.Text;

namespace Vigil.Eql.Tests.Prefilter;

/// <summary>
/// Writes an event as one JSON line, choosing at random among the legal spellings of each string character (raw,
/// short escape, \u escape, \/ for a slash) and between nested and dotted keys, so that a prefilter test meets every
/// way a producer may encode the same event.
/// </summary>
internal static class RandomJsonSpeller
{
    /// <summary>A field value: strings, or a number written as its raw text.</summary>
    public sealed record FieldValue(string[] Strings, string? Number);

    public static string Write(IReadOnlyList<(string Path, FieldValue Value)> fields, int seed)
    {
        var random = new Random(seed);
        // The \u rate and the \/ rate vary apart: a line with \/ but no \u is the case that needs its own trigger.
        var (escapeRate, slashRate) = random.Next(5) switch
        {
            0 => (0.0, 0.0),
            1 => (0.0, 0.5),
            2 => (0.05, 0.5),
            3 => (0.3, 0.3),
            _ => (1.0, 1.0),
        };
        var nested = random.Next(2) == 0;
        var text = new StringBuilder("{");
        if (nested)
        {
            // Group by first segment: {"process":{"name":..,"parent.name":..}} mixes nesting and dots.
            var groups = fields.GroupBy(f => f.Path.Split('.')[0]).ToList();
            for (var g = 0; g < groups.Count; g++)
            {
                if (g > 0)
                {
                    text.Append(',');
                }
                WriteString(text, groups[g].Key, random, escapeRate, slashRate);
                text.Append(":{");
                var first = true;
                foreach (var (path, value) in groups[g])
                {
                    if (!first)
                    {
                        text.Append(',');
                    }
                    first = false;
                    WriteString(text, path[(groups[g].Key.Length + 1)..], random, escapeRate, slashRate);
                    text.Append(':');
                    WriteValue(text, value, random, escapeRate, slashRate);
                }
                text.Append('}');
            }
        }
        else
        {
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(", ");
                }
                WriteString(text, fields[i].Path, random, escapeRate, slashRate);
                text.Append(": ");
                WriteValue(text, fields[i].Value, random, escapeRate, slashRate);
            }
        }
        text.Append('}');
        return text.ToString();
    }

    private static void WriteValue(StringBuilder text, FieldValue value, Random random, double escapeRate, double slashRate)
    {
        if (value.Number is not null)
        {
            text.Append(value.Number);
            return;
        }
        if (value.Strings.Length == 1 && random.Next(3) > 0)
        {
            WriteString(text, value.Strings[0], random, escapeRate, slashRate);
            return;
        }
        text.Append('[');
        for (var i = 0; i < value.Strings.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            WriteString(text, value.Strings[i], random, escapeRate, slashRate);
        }
        text.Append(']');
    }

    private static void WriteString(StringBuilder text, string value, Random random, double escapeRate, double slashRate)
    {
        text.Append('"');
        var escapeLowSurrogate = false;
        foreach (var c in value)
        {
            // A surrogate pair is spelled as a whole: both halves raw or both escaped.
            var escape = char.IsLowSurrogate(c) ? escapeLowSurrogate : random.NextDouble() < escapeRate;
            escapeLowSurrogate = escape;
            switch (c)
            {
                case '"':
                    text.Append(escape ? "\\u0022" : "\\\"");
                    continue;
                case '\\':
                    text.Append(escape ? "\\u005C" : "\\\\");
                    continue;
                case '/':
                    text.Append(random.NextDouble() < slashRate ? "\\/" : "/");
                    continue;
                case '\n':
                    text.Append(escape ? "\\u000a" : "\\n");
                    continue;
                case '\t':
                    text.Append(escape ? "\\u0009" : "\\t");
                    continue;
            }
            if (c < 0x20 || escape)
            {
                text.Append("\\u").Append(((int)c).ToString(random.Next(2) == 0 ? "X4" : "x4", CultureInfo.InvariantCulture));
                continue;
            }
            text.Append(c);
        }
        text.Append('"');
    }
}
