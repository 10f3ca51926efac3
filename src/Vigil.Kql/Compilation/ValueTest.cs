using Vigil.Events.Projection;

namespace Vigil.Kql.Compilation;

/// <summary>
/// One leaf condition applied to one value of a field, by the value's JSON kind. A field matches when any of its
/// values passes (Elasticsearch's multi-valued fields). Implementations hold only immutable state: compiled
/// predicates run on several worker threads at once.
/// </summary>
internal abstract class ValueTest
{
    public virtual bool String(ReadOnlySpan<byte> utf8) => false;

    public virtual bool Integer(long value) => false;

    public virtual bool Decimal(double value) => false;

    public virtual bool Boolean(bool value) => false;

    public bool Test(EventFrame frame, in FieldValue value) => value.Kind switch
    {
        FieldValueKind.String => String(frame.Utf8Of(value)),
        FieldValueKind.Integer => Integer(value.Integer),
        FieldValueKind.Decimal => Decimal(value.Decimal),
        FieldValueKind.True => Boolean(true),
        FieldValueKind.False => Boolean(false),
        _ => false,
    };
}
