using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Prefilter;

/// <summary>Hand-built AST nodes for tests that must not depend on the parser.</summary>
internal static class Ast
{
    private static readonly SourceSpan At = SourceSpan.None;

    public static FieldReference Field(string path) => new(At, path, IsOptional: false);

    public static StringLiteral Str(string value) => new(At, value, StringStyle.Quoted);

    public static IntegerLiteral Int(long value) => new(At, value);

    public static NullLiteral Null() => new(At);

    public static ComparisonExpression Eq(string field, string value) =>
        new(At, ComparisonOperator.Equal, Field(field), Str(value));

    public static ComparisonExpression Compare(ComparisonOperator op, Expression left, Expression right) =>
        new(At, op, left, right);

    public static LogicalExpression And(Expression left, Expression right) => new(At, LogicalOperator.And, left, right);

    public static LogicalExpression Or(Expression left, Expression right) => new(At, LogicalOperator.Or, left, right);

    public static NotExpression Not(Expression operand) => new(At, operand);

    public static InExpression In(string field, bool caseInsensitive, params string[] values) =>
        new(At, Field(field), ValueList.From(values.Select(v => (Expression)Str(v))), IsNegated: false, caseInsensitive);

    public static InExpression NotIn(string field, params string[] values) =>
        new(At, Field(field), ValueList.From(values.Select(v => (Expression)Str(v))), IsNegated: true, IsCaseInsensitive: false);

    public static PatternExpression Pattern(PatternOperator op, bool caseInsensitive, string field, params string[] patterns) =>
        new(At, op, caseInsensitive, Field(field), ValueList.From(patterns.Select(p => (Expression)Str(p))));

    public static FunctionCall Call(string name, bool caseInsensitive, params Expression[] args) =>
        new(At, name, caseInsensitive, ValueList.From(args));

    public static EventQuery Query(string? category, Expression condition) => new(At, category, condition);

    public static QueryStage Stage(EventQuery query, bool missing = false) =>
        new(At, query, ValueList<Expression>.Empty, Runs: null, missing);

    public static EqlStatement Sequence(QueryStage[] stages, QueryStage? until = null) =>
        new(At, new SequenceQuery(At, ValueList.Of<Expression>(Field("process.entity_id")), null, ValueList.From(stages), until),
            ValueList<Pipe>.Empty);

    public static EqlStatement Statement(Query query) => new(At, query, ValueList<Pipe>.Empty);
}
