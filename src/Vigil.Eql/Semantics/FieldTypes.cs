namespace Vigil.Eql.Semantics;

/// <summary>Classification and naming of <see cref="FieldType"/> values, following Elasticsearch's QL type rules.</summary>
public static class FieldTypes
{
    /// <summary>Maps an Elasticsearch mapping type name (<c>keyword</c>, <c>scaled_float</c>...) to a <see cref="FieldType"/>.</summary>
    public static FieldType FromMappingType(string esType) => esType switch
    {
        "keyword" => FieldType.Keyword,
        "constant_keyword" => FieldType.ConstantKeyword,
        "wildcard" => FieldType.Wildcard,
        "text" => FieldType.Text,
        "match_only_text" => FieldType.MatchOnlyText,
        "long" => FieldType.Long,
        "integer" => FieldType.Integer,
        "short" => FieldType.Short,
        "byte" => FieldType.Byte,
        "unsigned_long" => FieldType.UnsignedLong,
        "double" => FieldType.Double,
        "float" => FieldType.Float,
        "half_float" => FieldType.HalfFloat,
        "scaled_float" => FieldType.ScaledFloat,
        "boolean" => FieldType.Boolean,
        "date" => FieldType.Date,
        "date_nanos" => FieldType.DateNanos,
        "ip" => FieldType.Ip,
        "version" => FieldType.Version,
        "binary" => FieldType.Binary,
        "geo_point" => FieldType.GeoPoint,
        "object" => FieldType.Object,
        "nested" => FieldType.Nested,
        "flattened" => FieldType.Flattened,
        _ => FieldType.Unsupported,
    };

    /// <summary>Keyword-like and text-like types (QL's "string").</summary>
    public static bool IsString(FieldType type) => type is FieldType.Keyword or FieldType.ConstantKeyword
        or FieldType.Wildcard or FieldType.Text or FieldType.MatchOnlyText;

    /// <summary>Analysed text: no exact value unless a keyword multi-field exists.</summary>
    public static bool IsText(FieldType type) => type is FieldType.Text or FieldType.MatchOnlyText;

    public static bool IsInteger(FieldType type) => type is FieldType.Long or FieldType.Integer or FieldType.Short
        or FieldType.Byte or FieldType.UnsignedLong;

    public static bool IsRational(FieldType type) => type is FieldType.Double or FieldType.Float
        or FieldType.HalfFloat or FieldType.ScaledFloat;

    public static bool IsNumeric(FieldType type) => IsInteger(type) || IsRational(type);

    public static bool IsDateTime(FieldType type) => type is FieldType.Date or FieldType.DateNanos;

    /// <summary>Types a query can read a value from (the rest are refused when referenced).</summary>
    public static bool IsUsable(FieldType type) => type is not (FieldType.GeoPoint or FieldType.Object
        or FieldType.Nested or FieldType.Flattened or FieldType.Unsupported);

    /// <summary>
    /// Whether two types may meet in a join key or an <c>in</c> list (QL's <c>areCompatible</c>): equal, null on either
    /// side, both strings, both numbers or both dates. <see cref="FieldType.Unknown"/> is compatible with everything.
    /// </summary>
    public static bool AreCompatible(FieldType left, FieldType right) =>
        left == right || left is FieldType.Null or FieldType.Unknown || right is FieldType.Null or FieldType.Unknown
        || (IsString(left) && IsString(right)) || (IsNumeric(left) && IsNumeric(right))
        || (IsDateTime(left) && IsDateTime(right));

    /// <summary>The type name Elasticsearch prints in argument errors (<c>datetime</c> for dates, <c>keyword</c> for wildcard).</summary>
    public static string TypeName(FieldType type) => type switch
    {
        FieldType.Date => "datetime",
        _ => MappingName(type),
    };

    /// <summary>The mapping type name Elasticsearch prints in join-key errors (<c>date</c> for dates).</summary>
    public static string MappingName(FieldType type) => type switch
    {
        // QL folds these into keyword/text.
        FieldType.ConstantKeyword or FieldType.Wildcard or FieldType.Keyword => "keyword",
        FieldType.Text or FieldType.MatchOnlyText => "text",
        FieldType.Long => "long",
        FieldType.Integer => "integer",
        FieldType.Short => "short",
        FieldType.Byte => "byte",
        FieldType.UnsignedLong => "unsigned_long",
        FieldType.Double => "double",
        FieldType.Float => "float",
        FieldType.HalfFloat => "half_float",
        FieldType.ScaledFloat => "scaled_float",
        FieldType.Boolean => "boolean",
        FieldType.Date => "date",
        FieldType.DateNanos => "date_nanos",
        FieldType.Ip => "ip",
        FieldType.Version => "version",
        FieldType.Binary => "binary",
        FieldType.GeoPoint => "geo_point",
        FieldType.Object => "object",
        FieldType.Nested => "nested",
        FieldType.Flattened => "flattened",
        FieldType.Null => "null",
        FieldType.Unsupported => "unsupported",
        _ => "unknown",
    };

    /// <summary>The upper-case name used in "Condition expression needs to be boolean, found [LONG]".</summary>
    public static string UpperName(FieldType type) => type switch
    {
        FieldType.Date => "DATETIME",
        _ => MappingName(type).ToUpperInvariant(),
    };
}
