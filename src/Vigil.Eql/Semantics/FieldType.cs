namespace Vigil.Eql.Semantics;

/// <summary>
/// The Elasticsearch mapping type of a field, as the binder sees it. <see cref="Null"/> is the type of the
/// <c>null</c> literal and of an unmapped optional field; <see cref="Unknown"/> means "not known" (a field missing
/// from the schema), for which no type check is made; <see cref="Unsupported"/> is a mapping type EQL cannot use.
/// </summary>
public enum FieldType
{
    Unknown,
    Keyword,
    ConstantKeyword,
    Wildcard,
    Text,
    MatchOnlyText,
    Long,
    Integer,
    Short,
    Byte,
    UnsignedLong,
    Double,
    Float,
    HalfFloat,
    ScaledFloat,
    Boolean,
    Date,
    DateNanos,
    Ip,
    Version,
    Binary,
    GeoPoint,
    Object,
    Nested,
    Flattened,
    Null,
    Unsupported,
}
