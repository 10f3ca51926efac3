using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Vigil.Events.Projection;

namespace Vigil.Eql.Runtime;

/// <summary>Turns a frame value into an <see cref="EqlValue"/>, applying the field's mapped type.</summary>
public static class FieldReader
{
    public static EqlValue Read(EventFrame frame, int slot, int index, FieldCoercion coercion)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (index >= frame.CountOf(slot))
        {
            return EqlValue.Null;
        }
        var raw = frame.ValueOf(slot, index);
        return Convert(frame, raw, coercion);
    }

    public static EqlValue Convert(EventFrame frame, in FieldValue raw, FieldCoercion coercion)
    {
        ArgumentNullException.ThrowIfNull(frame);
        switch (coercion)
        {
            case FieldCoercion.Text:
                return raw.Kind switch
                {
                    FieldValueKind.String => EqlValue.FromUtf8(frame.Utf8MemoryOf(raw)),
                    FieldValueKind.Integer => EqlValue.FromString(raw.Integer.ToString(CultureInfo.InvariantCulture)),
                    FieldValueKind.Decimal => EqlValue.FromString(raw.Decimal.ToString("R", CultureInfo.InvariantCulture)),
                    FieldValueKind.True => EqlValue.FromString("true"),
                    FieldValueKind.False => EqlValue.FromString("false"),
                    _ => EqlValue.Null,
                };
            case FieldCoercion.Integer:
                return raw.Kind switch
                {
                    FieldValueKind.Integer => EqlValue.FromLong(raw.Integer),
                    FieldValueKind.Decimal => EqlValue.FromLong((long)raw.Decimal),
                    FieldValueKind.String => ParseNumber(frame.Utf8Of(raw), integer: true),
                    _ => EqlValue.Null,
                };
            case FieldCoercion.Decimal:
                return raw.Kind switch
                {
                    FieldValueKind.Integer => EqlValue.FromDouble(raw.Integer),
                    FieldValueKind.Decimal => EqlValue.FromDouble(raw.Decimal),
                    FieldValueKind.String => ParseNumber(frame.Utf8Of(raw), integer: false),
                    _ => EqlValue.Null,
                };
            case FieldCoercion.Boolean:
                return raw.Kind switch
                {
                    FieldValueKind.True => EqlValue.True,
                    FieldValueKind.False => EqlValue.False,
                    FieldValueKind.String => frame.Utf8Of(raw).SequenceEqual("true"u8) ? EqlValue.True
                        : frame.Utf8Of(raw).SequenceEqual("false"u8) ? EqlValue.False : EqlValue.Null,
                    _ => EqlValue.Null,
                };
            case FieldCoercion.Date:
                return EventTimestamp.TryRead(frame, raw, out var nanos) ? EqlValue.FromDate(nanos) : EqlValue.Null;
            case FieldCoercion.Version:
                return raw.Kind == FieldValueKind.String ? EqlValue.FromVersion(frame.Utf8MemoryOf(raw)) : EqlValue.Null;
            default:
                return raw.Kind switch
                {
                    FieldValueKind.String => EqlValue.FromUtf8(frame.Utf8MemoryOf(raw)),
                    FieldValueKind.Integer => EqlValue.FromLong(raw.Integer),
                    FieldValueKind.Decimal => EqlValue.FromDouble(raw.Decimal),
                    FieldValueKind.True => EqlValue.True,
                    FieldValueKind.False => EqlValue.False,
                    _ => EqlValue.Null,
                };
        }
    }

    private static EqlValue ParseNumber(ReadOnlySpan<byte> text, bool integer)
    {
        if (Utf8Parser.TryParse(text, out long whole, out var used) && used == text.Length)
        {
            return integer ? EqlValue.FromLong(whole) : EqlValue.FromDouble(whole);
        }
        if (double.TryParse(Encoding.UTF8.GetString(text), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return integer ? EqlValue.FromLong((long)d) : EqlValue.FromDouble(d);
        }
        return EqlValue.Null;
    }
}
