using Vigil.Eql.Semantics;

namespace Vigil.Kql.Compilation;

/// <summary>How Elasticsearch answers queries on a field, from its mapping type.</summary>
internal enum FieldKind
{
    /// <summary>keyword, constant_keyword, wildcard, version: exact values, case-sensitive.</summary>
    Keyword,
    /// <summary>text, match_only_text: analysed with the standard analyzer.</summary>
    Text,
    Integer,
    Decimal,
    Date,
    DateNanos,
    Ip,
    Boolean,
    /// <summary>Not in the schema: read by the JSON value's own type.</summary>
    Dynamic,
    /// <summary>object, nested, geo_point, flattened...: only an exists test applies.</summary>
    Unqueryable,
}
