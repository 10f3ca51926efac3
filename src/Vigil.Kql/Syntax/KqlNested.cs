using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary>
/// <c>path:{ query }</c>: true when one object under <paramref name="Path"/> satisfies the inner query on its own
/// (Elasticsearch <c>nested</c>); field names inside are relative to the path.
/// </summary>
public sealed record KqlNested(SourceSpan Span, KqlLiteral Path, KqlNode Query) : KqlNode(Span);
