using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary><c>a and b and c</c>: true when every operand is (Elasticsearch <c>bool.filter</c>).</summary>
public sealed record KqlAnd(SourceSpan Span, IReadOnlyList<KqlNode> Operands) : KqlNode(Span);
