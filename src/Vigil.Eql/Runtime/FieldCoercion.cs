namespace Vigil.Eql.Runtime;

/// <summary>How a field's raw JSON values are read, following its mapped type (as ES indexes them).</summary>
public enum FieldCoercion : byte
{
    /// <summary>Unmapped: values as JSON has them.</summary>
    None,
    /// <summary>keyword, text, wildcard, ip...: numbers and booleans become their text.</summary>
    Text,
    /// <summary>long, integer, short, byte, unsigned_long: numeric strings are parsed, decimals truncated.</summary>
    Integer,
    /// <summary>double, float, half_float, scaled_float.</summary>
    Decimal,
    Boolean,
    /// <summary>date, date_nanos: read as epoch nanoseconds.</summary>
    Date,
    /// <summary>version: text ordered by semantic-version precedence.</summary>
    Version,
}
