namespace Vigil.Events.Projection;

/// <summary>The JSON shape of one projected value.</summary>
public enum FieldValueKind : byte
{
    Null,
    False,
    True,
    Integer,
    Decimal,
    String,
}
