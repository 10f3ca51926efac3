using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary><c>a or b or c</c>: true when any operand is (Elasticsearch <c>bool.should</c>, minimum one).</summary>
public sealed record KqlOr(SourceSpan Span, IReadOnlyList<KqlNode> Operands) : KqlNode(Span);
