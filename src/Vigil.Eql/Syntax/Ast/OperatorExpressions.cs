namespace Vigil.Eql.Syntax;

/// <summary><c>not expr</c>.</summary>
public sealed record NotExpression(SourceSpan Span, Expression Operand) : Expression(Span);

/// <summary>Unary minus, <c>-expr</c>.</summary>
public sealed record NegateExpression(SourceSpan Span, Expression Operand) : Expression(Span);

/// <summary><c>left and right</c>, <c>left or right</c>.</summary>
public sealed record LogicalExpression(SourceSpan Span, LogicalOperator Operator, Expression Left, Expression Right)
    : Expression(Span);

/// <summary><c>left == right</c> and the other comparisons.</summary>
public sealed record ComparisonExpression(SourceSpan Span, ComparisonOperator Operator, Expression Left, Expression Right)
    : Expression(Span);

/// <summary><c>left + right</c> and the other arithmetic operators.</summary>
public sealed record ArithmeticExpression(SourceSpan Span, ArithmeticOperator Operator, Expression Left, Expression Right)
    : Expression(Span);

/// <summary><c>value in (a, b)</c>, <c>value not in (...)</c>, <c>value in~ (...)</c>.</summary>
public sealed record InExpression(
    SourceSpan Span, Expression Value, ValueList<Expression> Set, bool IsNegated, bool IsCaseInsensitive)
    : Expression(Span);

/// <summary>
/// <c>value : pattern</c>, <c>value like~ ("a*", "b")</c>, <c>value regex "x.*"</c>. Patterns are constants.
/// <see cref="IsCaseInsensitive"/> is true for <c>:</c> and the <c>~</c> forms.
/// </summary>
public sealed record PatternExpression(
    SourceSpan Span, PatternOperator Operator, bool IsCaseInsensitive, Expression Value, ValueList<Expression> Patterns)
    : Expression(Span);

/// <summary>
/// A function call such as <c>cidrMatch(destination.ip, "10.0.0.0/8")</c> or <c>endsWith~(x, "y")</c>.
/// <see cref="Name"/> is as written (case-insensitive lookup is the binder's job); <see cref="IsCaseInsensitive"/>
/// is the <c>~</c> suffix.
/// </summary>
public sealed record FunctionCall(SourceSpan Span, string Name, bool IsCaseInsensitive, ValueList<Expression> Arguments)
    : Expression(Span);

/// <summary>Endgame lineage: <c>descendant of [process where ...]</c>, <c>child of [...]</c>, <c>event of [...]</c>.</summary>
public sealed record LineageExpression(SourceSpan Span, LineageKind Kind, EventQuery Query) : Expression(Span);
