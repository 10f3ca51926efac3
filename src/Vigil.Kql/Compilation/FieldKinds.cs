using Vigil.Eql.Semantics;

namespace Vigil.Kql.Compilation;

/// <summary>Maps schema types to <see cref="FieldKind"/>.</summary>
internal static class FieldKinds
{
    public const int Count = (int)FieldKind.Unqueryable + 1;

    public static FieldKind Of(FieldType type) => type switch
    {
        FieldType.Keyword or FieldType.ConstantKeyword or FieldType.Wildcard or FieldType.Version => FieldKind.Keyword,
        FieldType.Text or FieldType.MatchOnlyText => FieldKind.Text,
        FieldType.Long or FieldType.Integer or FieldType.Short or FieldType.Byte or FieldType.UnsignedLong => FieldKind.Integer,
        FieldType.Double or FieldType.Float or FieldType.HalfFloat or FieldType.ScaledFloat => FieldKind.Decimal,
        FieldType.Date => FieldKind.Date,
        FieldType.DateNanos => FieldKind.DateNanos,
        FieldType.Ip => FieldKind.Ip,
        FieldType.Boolean => FieldKind.Boolean,
        FieldType.Unknown => FieldKind.Dynamic,
        _ => FieldKind.Unqueryable,
    };

    /// <summary>Types whose values sit in the document under their own path (not objects, not unknown).</summary>
    public static bool IsLeaf(FieldType type) => type is not (FieldType.Object or FieldType.Nested or FieldType.Unknown
        or FieldType.Null or FieldType.Unsupported);
}
