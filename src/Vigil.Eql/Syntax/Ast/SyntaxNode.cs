namespace Vigil.Eql.Syntax;

/// <summary>
/// Base of every AST node. The span is set by the parser; record equality includes it, so compare
/// parsed-then-printed trees with <c>SyntaxEquivalence</c>, which ignores spans.
/// </summary>
public abstract record SyntaxNode(SourceSpan Span);
