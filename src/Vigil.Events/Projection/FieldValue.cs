namespace Vigil.Events.Projection;

/// <summary>
/// One value of a projected field. Strings are not copied: <see cref="Start"/>/<see cref="Length"/> address the
/// frame's copy of the source bytes, or its unescape arena when <see cref="InArena"/> is set.
/// </summary>
public readonly record struct FieldValue(FieldValueKind Kind, long Integer, double Decimal, int Start, int Length, bool InArena)
{
    public static FieldValue Null => default;

    public static FieldValue FromBoolean(bool value) => new(value ? FieldValueKind.True : FieldValueKind.False, 0, 0, 0, 0, false);

    public static FieldValue FromInteger(long value) => new(FieldValueKind.Integer, value, value, 0, 0, false);

    public static FieldValue FromDecimal(double value) => new(FieldValueKind.Decimal, 0, value, 0, 0, false);

    public static FieldValue FromString(int start, int length, bool inArena) =>
        new(FieldValueKind.String, 0, 0, start, length, inArena);
}
