using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary>A node of a parsed KQL query; every node knows the stretch of query text it came from.</summary>
public abstract record KqlNode(SourceSpan Span);
