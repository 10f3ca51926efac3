using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary><c>field &lt; value</c> and the other comparisons (Elasticsearch <c>range</c>).</summary>
public sealed record KqlRange(SourceSpan Span, KqlLiteral Field, KqlRangeOperator Operator, KqlLiteral Value) : KqlNode(Span);
