using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Semantics;

/// <summary>
/// Builds AST nodes by hand for a given query text, taking each node's span from where its text occurs, so binder
/// messages and positions can be checked without the parser.
/// </summary>
internal sealed class AstBuilder(string source)
{
    public string Source { get; } = source;

    /// <summary>The span of the <paramref name="nth"/> occurrence (0-based) of <paramref name="fragment"/>.</summary>
    public SourceSpan At(string fragment, int nth = 0)
    {
        var offset = -1;
        for (var i = 0; i <= nth; i++)
        {
            offset = Source.IndexOf(fragment, offset + 1, StringComparison.Ordinal);
            if (offset < 0)
            {
                throw new ArgumentException($"'{fragment}' (#{nth}) not in '{Source}'");
            }
        }
        return new SourceSpan(Position(offset), Position(offset + fragment.Length));
    }

    public SourceSpan All => new(Position(0), Position(Source.Length));

    private SourcePosition Position(int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset; i++)
        {
            if (Source[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return new SourcePosition(offset, line, column);
    }

    public FieldReference Field(string written, int nth = 0) =>
        new(At(written, nth), written.TrimStart('?').Replace("`", string.Empty, StringComparison.Ordinal), written.StartsWith('?'));

    /// <summary>A string literal; <paramref name="value"/> is looked up with its quotes.</summary>
    public StringLiteral Str(string value, int nth = 0) => new(At("\"" + value + "\"", nth), value, StringStyle.Quoted);

    public IntegerLiteral Int(long value, int nth = 0) => new(At(value.ToString(System.Globalization.CultureInfo.InvariantCulture), nth), value);

    public DecimalLiteral Dec(string written, int nth = 0) =>
        new(At(written, nth), double.Parse(written, System.Globalization.CultureInfo.InvariantCulture));

    public BooleanLiteral Bool(bool value, int nth = 0) => new(At(value ? "true" : "false", nth), value);

    public NullLiteral Null(int nth = 0) => new(At("null", nth));

    public FunctionCall Call(string fragment, params Expression[] args)
    {
        var name = fragment[..fragment.IndexOf('(')];
        var insensitive = name.EndsWith('~');
        return new FunctionCall(At(fragment), name.TrimEnd('~'), insensitive, ValueList.Of(args));
    }

    public ComparisonExpression Cmp(string fragment, ComparisonOperator op, Expression left, Expression right) =>
        new(At(fragment), op, left, right);

    public ComparisonExpression Eq(string fragment, Expression left, Expression right) =>
        Cmp(fragment, ComparisonOperator.Equal, left, right);

    public ArithmeticExpression Arith(string fragment, ArithmeticOperator op, Expression left, Expression right) =>
        new(At(fragment), op, left, right);

    public LogicalExpression And(string fragment, Expression left, Expression right) =>
        new(At(fragment), LogicalOperator.And, left, right);

    public InExpression In(string fragment, Expression value, params Expression[] set) =>
        new(At(fragment), value, ValueList.Of(set), false, false);

    public PatternExpression Pattern(string fragment, PatternOperator op, Expression value, params Expression[] patterns) =>
        new(At(fragment), op, op == PatternOperator.Colon, value, ValueList.Of(patterns));

    public EventQuery Where(string fragment, string? category, Expression condition) => new(At(fragment), category, condition);

    /// <summary>An event query spanning the whole text.</summary>
    public EqlStatement Event(string? category, Expression condition, params Pipe[] pipes) =>
        new(All, new EventQuery(All, category, condition), ValueList.Of(pipes));

    public QueryStage Stage(string fragment, EventQuery query, params Expression[] keys) =>
        new(At(fragment), query, ValueList.Of(keys), null, false);

    public EqlStatement Statement(Query query, params Pipe[] pipes) => new(All, query, ValueList.Of(pipes));

    public SequenceQuery Sequence(TimeSpanLiteral? maxSpan, params QueryStage[] stages) =>
        new(All, ValueList<Expression>.Empty, maxSpan, ValueList.Of(stages), null);

    public Pipe Pipe(string fragment, PipeKind kind, params Expression[] args) => new(At(fragment), kind, ValueList.Of(args));
}
