namespace Vigil.Eql.Syntax;

/// <summary>An expression inside a where-clause, a join key or a function argument.</summary>
public abstract record Expression(SourceSpan Span) : SyntaxNode(Span);
