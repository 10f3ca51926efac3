using System.Globalization;
using System.Text;

namespace Vigil.Eql.Runtime;

/// <summary>An owned (copied) value of a join key or tiebreaker, comparable and hashable.</summary>
public readonly record struct KeyValue(EqlValueKind Kind, long Integer, double Number, string? Text) : IComparable<KeyValue>
{
    public static KeyValue Null => default;

    public bool IsNull => Kind == EqlValueKind.Null;

    public static KeyValue From(in EqlValue value) => value.Kind switch
    {
        EqlValueKind.Null => Null,
        EqlValueKind.Boolean => new KeyValue(EqlValueKind.Boolean, value.AsBoolean ? 1 : 0, 0, null),
        EqlValueKind.Long => new KeyValue(EqlValueKind.Long, value.AsLong, 0, null),
        EqlValueKind.Double => new KeyValue(EqlValueKind.Double, 0, value.AsDouble, null),
        EqlValueKind.Date => new KeyValue(EqlValueKind.Date, value.AsDateNanos, 0, null),
        _ => new KeyValue(value.Kind, 0, 0, Encoding.UTF8.GetString(value.Utf8)),
    };

    /// <summary>The value as ES shows a sequence join key (dates as ISO-8601); null for null.</summary>
    public string? Render() => Kind switch
    {
        EqlValueKind.Null => null,
        EqlValueKind.Boolean => Integer != 0 ? "true" : "false",
        EqlValueKind.Long => Integer.ToString(CultureInfo.InvariantCulture),
        EqlValueKind.Double => EqlValue.FormatDouble(Number),
        EqlValueKind.Date => EqlValue.FormatDate(Integer),
        _ => Text,
    };

    /// <summary>The value as a composite aggregation shows it (dates as epoch milliseconds), used for samples.</summary>
    public string? RenderForSample() => Kind == EqlValueKind.Date
        ? EventOrdinal.FloorMillis(Integer).ToString(CultureInfo.InvariantCulture)
        : Render();

    /// <summary>Null first, then by kind, then by value (strings ordinally).</summary>
    public int CompareTo(KeyValue other)
    {
        if (Kind != other.Kind)
        {
            if (IsNull || other.IsNull)
            {
                return IsNull ? -1 : 1;
            }
            var bothNumbers = Kind is EqlValueKind.Long or EqlValueKind.Double && other.Kind is EqlValueKind.Long or EqlValueKind.Double;
            if (bothNumbers)
            {
                return AsDouble().CompareTo(other.AsDouble());
            }
            return Kind.CompareTo(other.Kind);
        }
        return Kind switch
        {
            EqlValueKind.Null => 0,
            EqlValueKind.Double => Number.CompareTo(other.Number),
            EqlValueKind.String or EqlValueKind.Version => string.CompareOrdinal(Text, other.Text),
            _ => Integer.CompareTo(other.Integer),
        };
    }

    private double AsDouble() => Kind == EqlValueKind.Double ? Number : Integer;
}
