using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Eql.Runtime;

/// <summary>
/// The EQL functions with Elasticsearch's behaviour: null in, null out (concat: any null argument gives null),
/// integer arithmetic on two integers, Python-style slices for substring, null for "not found" in indexOf.
/// The <c>~</c> forms lower-case both sides before comparing.
/// </summary>
public static class EqlFunctions
{
    /// <summary>The names the runtime implements (lower case).</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "add", "subtract", "multiply", "divide", "modulo", "number", "string", "concat", "length", "substring",
        "between", "indexof", "startswith", "endswith", "stringcontains", "cidrmatch",
    };

    public static EqlValue Arithmetic(ArithmeticKind kind, in EqlValue left, in EqlValue right)
    {
        if (!left.IsNumber || !right.IsNumber)
        {
            return EqlValue.Null;
        }
        if (left.Kind == EqlValueKind.Long && right.Kind == EqlValueKind.Long)
        {
            long a = left.AsLong, b = right.AsLong;
            return kind switch
            {
                ArithmeticKind.Add => EqlValue.FromLong(unchecked(a + b)),
                ArithmeticKind.Subtract => EqlValue.FromLong(unchecked(a - b)),
                ArithmeticKind.Multiply => EqlValue.FromLong(unchecked(a * b)),
                // Java wraps long.MinValue / -1 (C# would throw).
                ArithmeticKind.Divide => b == 0 ? EqlValue.Null : b == -1 ? EqlValue.FromLong(unchecked(-a)) : EqlValue.FromLong(a / b),
                _ => b == 0 ? EqlValue.Null : b == -1 ? EqlValue.FromLong(0) : EqlValue.FromLong(a % b),
            };
        }
        double x = left.AsDouble, y = right.AsDouble;
        return kind switch
        {
            ArithmeticKind.Add => EqlValue.FromDouble(x + y),
            ArithmeticKind.Subtract => EqlValue.FromDouble(x - y),
            ArithmeticKind.Multiply => EqlValue.FromDouble(x * y),
            ArithmeticKind.Divide => y == 0 ? EqlValue.Null : EqlValue.FromDouble(x / y),
            _ => y == 0 ? EqlValue.Null : EqlValue.FromDouble(x % y),
        };
    }

    /// <summary>
    /// The Python engine's arithmetic (eql/functions.py Divide, Modulo): two integers divide with floor division
    /// (<c>-7 / 2 == -4</c>), <c>%</c> takes the divisor's sign (<c>-7 % 2 == 1</c>, <c>7 % -2 == -1</c>) for integers
    /// and decimals alike. Division by zero is null, as in the engine; modulo by zero is null too (the engine raises
    /// ZeroDivisionError and stops).
    /// </summary>
    public static EqlValue PythonArithmetic(ArithmeticKind kind, in EqlValue left, in EqlValue right)
    {
        if (kind is not (ArithmeticKind.Divide or ArithmeticKind.Modulo) || !left.IsNumber || !right.IsNumber)
        {
            return Arithmetic(kind, left, right);
        }
        if (left.Kind == EqlValueKind.Long && right.Kind == EqlValueKind.Long)
        {
            long a = left.AsLong, b = right.AsLong;
            if (b == 0)
            {
                return EqlValue.Null;
            }
            if (b == -1)
            {
                // Python's integers do not overflow: -(long.MinValue) is 2^63, beyond a long.
                return kind == ArithmeticKind.Modulo ? EqlValue.FromLong(0)
                    : a == long.MinValue ? EqlValue.FromDouble(-(double)a) : EqlValue.FromLong(-a);
            }
            var remainder = a % b;
            var signsDiffer = remainder != 0 && (remainder < 0) != (b < 0);
            return kind == ArithmeticKind.Divide
                ? EqlValue.FromLong(a / b - (signsDiffer ? 1 : 0))
                : EqlValue.FromLong(signsDiffer ? remainder + b : remainder);
        }
        double x = left.AsDouble, y = right.AsDouble;
        if (y == 0)
        {
            return EqlValue.Null;
        }
        if (kind == ArithmeticKind.Divide)
        {
            return EqlValue.FromDouble(x / y);
        }
        var rest = x % y;
        return EqlValue.FromDouble(rest != 0 && (rest < 0) != (y < 0) ? rest + y : rest);
    }

    public static EqlValue Negate(in EqlValue value) => value.Kind switch
    {
        EqlValueKind.Long => EqlValue.FromLong(-value.AsLong),
        EqlValueKind.Double => EqlValue.FromDouble(-value.AsDouble),
        _ => EqlValue.Null,
    };

    public static EqlValue Number(in EqlValue value, in EqlValue radix)
    {
        if (value.IsNull)
        {
            return EqlValue.Null;
        }
        if (value.IsNumber)
        {
            return value;
        }
        var text = value.ToText()!.Trim();
        var numberBase = radix.IsNull ? 10 : (int)radix.AsLong;
        if (numberBase == 10)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return EqlValue.FromLong(whole);
            }
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? EqlValue.FromDouble(d)
                : EqlValue.Null;
        }
        var negative = text.StartsWith('-');
        if (negative || text.StartsWith('+'))
        {
            text = text[1..];
        }
        if (numberBase == 16 && (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)))
        {
            text = text[2..];
        }
        if (numberBase is < 2 or > 36 || text.Length == 0)
        {
            return EqlValue.Null;
        }
        long result = 0;
        foreach (var c in text)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= numberBase)
            {
                return EqlValue.Null;
            }
            result = unchecked(result * numberBase + digit);
        }
        return EqlValue.FromLong(negative ? -result : result);
    }

    public static EqlValue ToStringValue(in EqlValue value) => value.Kind switch
    {
        EqlValueKind.Null => EqlValue.Null,
        EqlValueKind.String => value,
        _ => EqlValue.FromString(value.ToText()!),
    };

    public static EqlValue Concat(ReadOnlySpan<EqlValue> values)
    {
        var builder = new StringBuilder();
        foreach (var value in values)
        {
            if (value.IsNull)
            {
                return EqlValue.Null;
            }
            builder.Append(value.ToText());
        }
        return EqlValue.FromString(builder.ToString());
    }

    public static EqlValue Length(in EqlValue value) =>
        value.IsNull ? EqlValue.Null : EqlValue.FromLong(value.IsText ? Encoding.UTF8.GetCharCount(value.Utf8) : value.ToText()!.Length);

    public static EqlValue Substring(in EqlValue value, in EqlValue start, in EqlValue end)
    {
        if (value.IsNull)
        {
            return EqlValue.Null;
        }
        var text = value.ToText()!;
        var length = text.Length;
        var from = start.IsNull ? 0 : (int)Math.Clamp(start.AsLong, int.MinValue / 2, int.MaxValue / 2);
        var to = end.IsNull ? length : (int)Math.Clamp(end.AsLong, int.MinValue / 2, int.MaxValue / 2);
        if (from < 0)
        {
            from = Math.Max(0, length + from);
        }
        if (to < 0)
        {
            to = Math.Max(0, length + to);
        }
        from = Math.Min(from, length);
        to = Math.Min(to, length);
        return EqlValue.FromString(from >= to ? string.Empty : text[from..to]);
    }

    public static EqlValue Between(in EqlValue value, in EqlValue left, in EqlValue right, in EqlValue greedy, bool ignoreCase)
    {
        if (value.IsNull || left.IsNull || right.IsNull)
        {
            return EqlValue.Null;
        }
        var text = value.ToText()!;
        var l = left.ToText()!;
        var r = right.ToText()!;
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var start = text.IndexOf(l, comparison);
        if (start < 0)
        {
            return EqlValue.FromString(string.Empty);
        }
        start += l.Length;
        var isGreedy = greedy.Kind == EqlValueKind.Boolean && greedy.AsBoolean;
        var end = isGreedy ? text.LastIndexOf(r, comparison) : text.IndexOf(r, start, comparison);
        if (end < start)
        {
            return EqlValue.FromString(string.Empty);
        }
        return EqlValue.FromString(text[start..end]);
    }

    public static EqlValue IndexOf(in EqlValue value, in EqlValue search, in EqlValue start, bool ignoreCase)
    {
        if (value.IsNull || search.IsNull)
        {
            return EqlValue.Null;
        }
        var text = value.ToText()!;
        var sub = search.ToText()!;
        var from = start.IsNull ? 0 : (int)Math.Clamp(start.AsLong, 0, int.MaxValue);
        if (from > text.Length)
        {
            return EqlValue.Null;
        }
        var index = text.IndexOf(sub, from, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        return index < 0 ? EqlValue.Null : EqlValue.FromLong(index);
    }

    public static EqlValue StartsWith(in EqlValue value, in EqlValue prefix, bool ignoreCase) =>
        TextTest(value, prefix, ignoreCase, static (a, b, c) => a.StartsWith(b, c));

    public static EqlValue EndsWith(in EqlValue value, in EqlValue suffix, bool ignoreCase) =>
        TextTest(value, suffix, ignoreCase, static (a, b, c) => a.EndsWith(b, c));

    public static EqlValue StringContains(in EqlValue value, in EqlValue part, bool ignoreCase) =>
        TextTest(value, part, ignoreCase, static (a, b, c) => a.Contains(b, c));

    private static EqlValue TextTest(in EqlValue value, in EqlValue other, bool ignoreCase,
        Func<string, string, StringComparison, bool> test)
    {
        if (value.IsNull || other.IsNull)
        {
            return EqlValue.Null;
        }
        return EqlValue.FromBoolean(test(value.ToText()!, other.ToText()!,
            ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
    }

    /// <summary>True when the address is inside any of the CIDR blocks (host bits of a block are ignored).</summary>
    public static EqlValue CidrMatch(in EqlValue address, IReadOnlyList<IPNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        if (address.IsNull)
        {
            return EqlValue.Null;
        }
        if (!IPAddress.TryParse(address.ToText()!, out var ip))
        {
            return EqlValue.False;
        }
        foreach (var network in networks)
        {
            var candidate = ip;
            if (candidate.AddressFamily != network.BaseAddress.AddressFamily)
            {
                if (candidate.IsIPv4MappedToIPv6 && network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
                {
                    candidate = candidate.MapToIPv4();
                }
                else
                {
                    continue;
                }
            }
            if (network.Contains(candidate))
            {
                return EqlValue.True;
            }
        }
        return EqlValue.False;
    }

    /// <summary>Parses "a.b.c.d/n" (host bits allowed, masked off) or a single address.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        ArgumentNullException.ThrowIfNull(text);
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }
        var bits = address.GetAddressBytes();
        var prefix = bits.Length * 8;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits.Length * 8))
        {
            return false;
        }
        for (var i = 0; i < bits.Length; i++)
        {
            var keep = Math.Clamp(prefix - i * 8, 0, 8);
            bits[i] &= (byte)(0xFF << (8 - keep));
        }
        network = new IPNetwork(new IPAddress(bits), prefix);
        return true;
    }
}
