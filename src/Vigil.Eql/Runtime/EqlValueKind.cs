namespace Vigil.Eql.Runtime;

/// <summary>The runtime types of EQL values.</summary>
public enum EqlValueKind : byte
{
    Null,
    Boolean,
    Long,
    Double,
    String,
    /// <summary>A date as epoch nanoseconds (fields mapped as date or date_nanos, the timestamp field).</summary>
    Date,
    /// <summary>A string compared with semantic-version ordering (fields mapped as version).</summary>
    Version,
}
