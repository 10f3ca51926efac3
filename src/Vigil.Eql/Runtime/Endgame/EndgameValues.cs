using System.Text.Json;
using Vigil.Eql.Compilation;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Values and functions of the Endgame dialect that work on the JSON tree or differ from Elasticsearch's: each
/// follows endgameinc/eql's eql/functions.py (a wrong-typed argument gives null; case folds on request).
/// </summary>
public static class EndgameValues
{
    /// <summary>A scalar JSON element as a value; arrays, objects and absent elements are null.</summary>
    public static EqlValue ToValue(JsonElement element, bool foldCase)
    {
        _ = foldCase;
        return element.ValueKind switch
        {
            JsonValueKind.String => EqlValue.FromString(element.GetString()!),
            JsonValueKind.Number => element.TryGetInt64(out var integer) ? EqlValue.FromLong(integer) : EqlValue.FromDouble(element.GetDouble()),
            JsonValueKind.True => EqlValue.True,
            JsonValueKind.False => EqlValue.False,
            _ => EqlValue.Null,
        };
    }

    /// <summary>Python's bool() of a value; null stays null.</summary>
    public static EqlValue Truth(in EqlValue value) => value.Kind switch
    {
        EqlValueKind.Null or EqlValueKind.Boolean => value,
        EqlValueKind.Long => EqlValue.FromBoolean(value.AsLong != 0),
        EqlValueKind.Double => EqlValue.FromBoolean(value.AsDouble != 0),
        EqlValueKind.String or EqlValueKind.Version => EqlValue.FromBoolean(value.Utf8.Length > 0),
        _ => EqlValue.True,
    };

    /// <summary>Python's bool() of a JSON element; absent or null is null.</summary>
    public static EqlValue Truth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => EqlValue.FromBoolean(element.GetArrayLength() > 0),
        JsonValueKind.Object => EqlValue.FromBoolean(element.EnumerateObject().Any()),
        _ => Truth(ToValue(element, foldCase: false)),
    };

    /// <summary>arrayContains(array, v...): null when the array is absent; scalars that are not arrays hold nothing.</summary>
    public static EqlValue ArrayContains(JsonElement array, EqlEvaluator[] values, EvalContext context, bool foldCase)
    {
        if (array.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return EqlValue.Null;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            // Python iterates the value: a string's characters, which a literal of one character could match.
            return array.ValueKind == JsonValueKind.String ? ContainsCharacter(array.GetString()!, values, context, foldCase) : EqlValue.Null;
        }
        var wanted = new EqlValue[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            wanted[i] = values[i](context);
        }
        foreach (var item in array.EnumerateArray())
        {
            var value = ToValue(item, foldCase);
            foreach (var candidate in wanted)
            {
                if (SameValue(value, candidate, foldCase))
                {
                    return EqlValue.True;
                }
            }
        }
        return EqlValue.False;
    }

    private static EqlValue ContainsCharacter(string text, EqlEvaluator[] values, EvalContext context, bool foldCase)
    {
        foreach (var evaluator in values)
        {
            var value = evaluator(context);
            if (value.IsText && value.ToText() is { Length: 1 } c && text.Contains(c, foldCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return EqlValue.True;
            }
        }
        return EqlValue.False;
    }

    // Python's `in` over folded values: equal numbers (1 == 1.0), equal strings, equal booleans; null equals null.
    private static bool SameValue(in EqlValue a, in EqlValue b, bool foldCase)
    {
        if (a.IsNull || b.IsNull)
        {
            return a.IsNull && b.IsNull;
        }
        return EqlComparison.AreEqual(a, b, foldCase) == true;
    }

    /// <summary>arraySearch / arrayCount: binds each element to variable <paramref name="index"/> and tests the body.</summary>
    public static EqlValue SearchArray(JsonElement array, int index, EqlEvaluator body, EvalContext context, bool counting)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            // Python: arraySearch over a non-list is false, arrayCount 0.
            return counting ? EqlValue.FromLong(0) : EqlValue.False;
        }
        if (context.Variables.Length <= index)
        {
            // Grown in place of the old array; callers always index context.Variables afresh (nested searches grow it).
            var grown = new JsonElement[Math.Max(8, index + 1)];
            context.Variables.CopyTo(grown, 0);
            context.Variables = grown;
        }
        var previous = context.Variables[index];
        long count = 0;
        try
        {
            foreach (var item in array.EnumerateArray())
            {
                context.Variables[index] = item;
                if (body(context).IsTrue)
                {
                    if (!counting)
                    {
                        return EqlValue.True;
                    }
                    count++;
                }
            }
        }
        finally
        {
            context.Variables[index] = previous;
        }
        return counting ? EqlValue.FromLong(count) : EqlValue.False;
    }

    /// <summary>length(): characters of a string, elements of an array, members of an object; else null.</summary>
    public static EqlValue Length(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => EqlValue.FromLong(element.GetString()!.Length),
        JsonValueKind.Array => EqlValue.FromLong(element.GetArrayLength()),
        JsonValueKind.Object => EqlValue.FromLong(element.EnumerateObject().Count()),
        _ => EqlValue.Null,
    };

    /// <summary>
    /// between(source, first, second[, greedy]): the text after the first <paramref name="first"/> and before the next
    /// <paramref name="second"/> (the last one when greedy); null when either is not found or an argument is not a string.
    /// </summary>
    public static EqlValue Between(in EqlValue source, in EqlValue first, in EqlValue second, in EqlValue greedy, bool foldCase)
    {
        if (!source.IsText || !first.IsText || !second.IsText)
        {
            return EqlValue.Null;
        }
        var text = source.ToText()!;
        var left = first.ToText()!;
        var right = second.ToText()!;
        var comparison = foldCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var start = text.IndexOf(left, comparison);
        if (start < 0)
        {
            return EqlValue.Null;
        }
        start += left.Length;
        var end = greedy.IsTrue ? text.LastIndexOf(right, comparison) : text.IndexOf(right, start, comparison);
        if (end < start)
        {
            return EqlValue.Null;
        }
        return EqlValue.FromString(text[start..end]);
    }

    /// <summary>
    /// number(text[, base]) as the Python engine reads it: "a.b" is a decimal (base 10 only), "0x.." hexadecimal
    /// (base 16 or none), digits with an optional sign an integer in the base (10 by default); else null.
    /// </summary>
    public static EqlValue Number(in EqlValue source, in EqlValue numberBase)
    {
        if (!source.IsText)
        {
            return EqlValue.Null;
        }
        var text = source.ToText()!;
        var radix = numberBase.IsNumber ? (int)numberBase.AsLong : (int?)null;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            if (text.Split('.').Length == 2 && radix is null or 10)
            {
                return double.TryParse(text, System.Globalization.NumberStyles.Float, invariant, out var d) ? EqlValue.FromDouble(d) : EqlValue.Null;
            }
            if (text.StartsWith("0x", StringComparison.Ordinal) && radix is null or 16)
            {
                return long.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, invariant, out var h) ? EqlValue.FromLong(h) : EqlValue.Null;
            }
            var digits = text.TrimStart('-', '+');
            if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
            {
                var r = radix ?? 10;
                if (r is 2 or 8 or 10 or 16)
                {
                    var value = Convert.ToInt64(digits, r);
                    return EqlValue.FromLong(text.StartsWith('-') ? -value : value);
                }
            }
        }
        catch (Exception error) when (error is FormatException or OverflowException or ArgumentException)
        {
            return EqlValue.Null;
        }
        return EqlValue.Null;
    }

    /// <summary>Ordering with strings compared after folding case (the Python engine lower-cases both sides).</summary>
    public static int? CompareFoldingCase(in EqlValue left, in EqlValue right)
    {
        if (left.IsText && right.IsText)
        {
            return string.CompareOrdinal(left.ToText()!.ToLowerInvariant(), right.ToText()!.ToLowerInvariant());
        }
        return EqlComparison.Compare(left, right);
    }
}
