using System.Text;
using Vigil.Events.Projection;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Equality and ordering with Elasticsearch's rules: numbers compare by value across long and double, strings
/// ordinally (or case-insensitively on request), dates by instant (a string or number on the other side is read as a
/// date), versions by semantic-version precedence. Anything involving null, or values of unrelated types, is null.
/// </summary>
public static class EqlComparison
{
    /// <summary>Equality that treats two nulls as equal (for keys and hashing).</summary>
    public static bool StrictEquals(in EqlValue left, in EqlValue right)
    {
        if (left.Kind != right.Kind)
        {
            return false;
        }
        return left.Kind switch
        {
            EqlValueKind.Null => true,
            EqlValueKind.Boolean => left.AsBoolean == right.AsBoolean,
            EqlValueKind.Long or EqlValueKind.Date => left.AsLong == right.AsLong,
            EqlValueKind.Double => left.AsDouble.Equals(right.AsDouble),
            _ => left.Utf8.SequenceEqual(right.Utf8),
        };
    }

    /// <summary>EQL <c>==</c>: true/false, or null when either side is null or the types do not compare.</summary>
    public static bool? AreEqual(in EqlValue left, in EqlValue right, bool ignoreCase)
    {
        if (left.IsNull || right.IsNull)
        {
            return null;
        }
        if (left.IsText && right.IsText)
        {
            return ignoreCase ? Utf8Text.EqualsIgnoreCase(left.Utf8, right.Utf8) : left.Utf8.SequenceEqual(right.Utf8);
        }
        if (left.Kind == EqlValueKind.Boolean && right.Kind == EqlValueKind.Boolean)
        {
            return left.AsBoolean == right.AsBoolean;
        }
        var order = Compare(left, right);
        return order is null ? null : order == 0;
    }

    /// <summary>Ordering: negative, zero, positive, or null when incomparable.</summary>
    public static int? Compare(in EqlValue left, in EqlValue right)
    {
        if (left.IsNull || right.IsNull)
        {
            return null;
        }
        if (left.Kind == EqlValueKind.Date || right.Kind == EqlValueKind.Date)
        {
            if (!TryDate(left, out var a) || !TryDate(right, out var b))
            {
                return null;
            }
            return a.CompareTo(b);
        }
        if (left.IsNumber && right.IsNumber)
        {
            if (left.Kind == EqlValueKind.Long && right.Kind == EqlValueKind.Long)
            {
                return left.AsLong.CompareTo(right.AsLong);
            }
            return left.AsDouble.CompareTo(right.AsDouble);
        }
        if (left.IsText && right.IsText)
        {
            if (left.Kind == EqlValueKind.Version || right.Kind == EqlValueKind.Version)
            {
                return Math.Sign(VersionOrder.Compare(Encoding.UTF8.GetString(left.Utf8), Encoding.UTF8.GetString(right.Utf8)));
            }
            return Math.Sign(Utf8Text.CompareOrdinal(left.Utf8, right.Utf8));
        }
        if (left.Kind == EqlValueKind.Boolean && right.Kind == EqlValueKind.Boolean)
        {
            return left.AsBoolean.CompareTo(right.AsBoolean);
        }
        return null;
    }

    private static bool TryDate(in EqlValue value, out long nanos)
    {
        switch (value.Kind)
        {
            case EqlValueKind.Date:
                nanos = value.AsDateNanos;
                return true;
            case EqlValueKind.Long:
                nanos = value.AsLong * 1_000_000;
                return true;
            case EqlValueKind.Double:
                nanos = (long)Math.Round(value.AsDouble * 1_000_000);
                return true;
            case EqlValueKind.String:
                return EventTimestamp.TryParse(value.Utf8, out nanos);
            default:
                nanos = 0;
                return false;
        }
    }
}
