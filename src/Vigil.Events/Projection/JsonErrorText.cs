using System.Text.Json;

namespace Vigil.Events.Projection;

/// <summary>
/// Turns a System.Text.Json parse error into a short reason in our own words. The parser's messages speak of reader
/// options and payloads and end with their own coordinates; the user needs to know what is wrong at the place we
/// already print (file:line:column) and how to fix it.
/// </summary>
public static class JsonErrorText
{
    /// <summary>Our reason for <paramref name="error"/>, without .NET's wording or coordinates.</summary>
    public static string Describe(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return "invalid JSON: " + Reason(error.Message);
    }

    private static string Reason(string message)
    {
        string found = Quoted(message);
        if (Has(message, "trailing comma"))
        {
            return "a comma before a closing bracket (remove the trailing comma)";
        }
        if (Has(message, "maximum configured depth"))
        {
            var digits = new string(message.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
            return digits.Length > 0 ? $"nesting depth over the limit of {digits}" : "nesting depth over the limit";
        }
        if (Has(message, "invalid after a property name"))
        {
            return $"expected ':' after a key, found {found}";
        }
        if (Has(message, "invalid after a value"))
        {
            return $"expected ',' or a closing bracket after a value, found {found}";
        }
        if (Has(message, "invalid start of a property name") || Has(message, "Invalid property identifier"))
        {
            return $"expected a key in double quotes, found {found}";
        }
        if (Has(message, "invalid start of a value"))
        {
            return $"expected a value (string, number, object, array, true, false or null), found {found}";
        }
        if (Has(message, "without a matching open"))
        {
            return $"{found} closes nothing";
        }
        if (Has(message, "invalid escapable character"))
        {
            return $"a backslash escape that JSON does not have ({found})";
        }
        if (Has(message, "within a JSON string"))
        {
            return $"a control character inside a string ({found}); it must be escaped";
        }
        if (Has(message, "within a number") || Has(message, "Expected a digit") || Has(message, "invalid end of a number"))
        {
            return $"a malformed number (found {found})";
        }
        if (Has(message, "end of string") || Has(message, "end of data") || Has(message, "should be closed") ||
            Has(message, "does not contain any JSON tokens"))
        {
            return "the text ends before the JSON value does (cut off?)";
        }
        if (Has(message, "literal") || Has(message, "true") || Has(message, "false") || Has(message, "null"))
        {
            return $"a misspelt true, false or null (found {found})";
        }
        if (Has(message, "surrogate") || Has(message, "UTF-16") || Has(message, "hexadecimal"))
        {
            return "a \\u escape that is not a valid character";
        }
        if (Has(message, "omment"))
        {
            return "an unterminated comment";
        }
        if (Has(message, "more than one JSON") || Has(message, "after a single JSON value"))
        {
            return "more than one JSON value where one object was expected";
        }
        return found.Length > 0 ? $"unexpected {found}" : "not valid JSON here";
    }

    private static bool Has(string message, string text) => message.Contains(text, StringComparison.Ordinal);

    // The parser quotes the offending character first: "'x' is invalid ..." or "'0x0A' is invalid ...".
    private static string Quoted(string message)
    {
        if (message.Length > 2 && message[0] == '\'')
        {
            int close = message.IndexOf('\'', 2);
            if (close > 1 && close <= 12)
            {
                string inner = message[1..close];
                return inner.StartsWith("0x", StringComparison.Ordinal) ? $"byte {inner}" : $"'{Printable(inner)}'";
            }
        }
        return "";
    }

    private static string Printable(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                return $"U+{(int)c:X4}";
            }
        }
        return text;
    }
}
