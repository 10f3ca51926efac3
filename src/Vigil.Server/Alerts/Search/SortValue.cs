using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// A document's value for one sort key or bucket: a number (dates as epoch ms) or a string; missing when the field
/// has none. Numbers order before strings.
/// </summary>
internal readonly record struct SortValue(bool Present, bool IsNumber, double Number, string? Text) : IComparable<SortValue>
{
    public static readonly SortValue Missing = new(false, false, 0, null);

    public static SortValue Of(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n))
        {
            return new SortValue(true, true, n, null);
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return new SortValue(true, true, value.ValueKind == JsonValueKind.True ? 1 : 0, value.ValueKind == JsonValueKind.True ? "true" : "false");
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            var s = value.GetString()!;
            if (DslValues.IsDateField(field) && DslValues.TryDate(s, out var ms))
            {
                return new SortValue(true, true, ms, s);
            }
            return new SortValue(true, false, 0, s);
        }
        return Missing;
    }

    /// <summary>The value a sort takes from a multi-valued field: the least ascending, the greatest descending.</summary>
    public static SortValue Pick(IReadOnlyList<JsonElement> values, string field, bool descending)
    {
        var best = Missing;
        foreach (var v in values)
        {
            var candidate = Of(v, field);
            if (!candidate.Present) continue;
            if (!best.Present || (descending ? candidate.CompareTo(best) > 0 : candidate.CompareTo(best) < 0))
            {
                best = candidate;
            }
        }
        return best;
    }

    public int CompareTo(SortValue other)
    {
        if (IsNumber != other.IsNumber)
        {
            return IsNumber ? -1 : 1;
        }
        return IsNumber ? Number.CompareTo(other.Number) : string.CompareOrdinal(Text, other.Text);
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (!Present)
        {
            writer.WriteNullValue();
        }
        else if (IsNumber)
        {
            if (Number == Math.Floor(Number) && Math.Abs(Number) < 9e15) writer.WriteNumberValue((long)Number);
            else writer.WriteNumberValue(Number);
        }
        else
        {
            writer.WriteStringValue(Text);
        }
    }
}
