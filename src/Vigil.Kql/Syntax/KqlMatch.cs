using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary>
/// <c>field:value</c>, or a value alone (<paramref name="Field"/> null: free text over every field). Kibana's
/// <c>is</c> function; a lone <c>*</c> value is an exists test.
/// </summary>
public sealed record KqlMatch(SourceSpan Span, KqlLiteral? Field, KqlLiteral Value) : KqlNode(Span)
{
    /// <summary><c>field:*</c>: the field has a value.</summary>
    public bool IsExists => Value.IsLoneWildcard && Field is not null;

    /// <summary><c>*</c> or <c>*:*</c>: every document.</summary>
    public bool IsMatchAll => Value.IsLoneWildcard && (Field is null || Field.IsLoneWildcard);
}
