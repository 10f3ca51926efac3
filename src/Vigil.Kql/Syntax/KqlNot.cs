using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary><c>not a</c>: Elasticsearch <c>bool.must_not</c>, so a document without the field matches.</summary>
public sealed record KqlNot(SourceSpan Span, KqlNode Operand) : KqlNode(Span);
