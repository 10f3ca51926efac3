using CsCheck;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Syntax;

/// <summary>CsCheck generators of random, valid syntax trees (spans left empty).</summary>
public static class RandomSyntax
{
    private static readonly SourceSpan None = SourceSpan.None;

    // Names that need backticks (keywords, spaces, backticks, leading digits) sit beside plain ones on purpose.
    private static readonly string[] Segments =
        ["process", "name", "@timestamp", "_id", "Ext", "sequence", "where", "my field", "a`b", "1abc", "x-y", "é"];

    private static readonly string[] Categories = ["process", "file", "my category", "sequence", "@foo", "a\"b", "PROCESS"];

    private static readonly string[] FunctionNames = ["endsWith", "CONCAT", "cidrMatch", "_f", "x1", "startswith"];

    private static readonly string[] Units = ["ms", "s", "m", "h", "d"];

    private static readonly Gen<string> StringValues = Gen.OneOf(
        Gen.String[Gen.Char["ab \"\\'*?\n\r\t\b\f\u0001\u007f{}`é"], 0, 8],
        Gen.OneOf<string>("", "C:\\Windows\\*", "\"\"\"", "a\"", "a\"\"", "\"a", "😀", "\\u{41}"));

    private static Gen<Expression> Field =>
        Gen.Select(Gen.Int[0, Segments.Length - 1].Array[1, 3], Gen.Bool, (indexes, optional) =>
            (Expression)new FieldReference(None, string.Join('.', indexes.Select(i => Segments[i])), optional));

    /// <summary>Constants a pattern operator accepts: never negative numbers (the grammar has no sign there).</summary>
    private static Gen<Expression> PatternConstant => Gen.OneOf(
        StringValues.SelectMany(v => Gen.Bool.Select(raw => (Expression)new StringLiteral(None, v, raw ? StringStyle.Raw : StringStyle.Quoted))),
        Gen.Long[0, long.MaxValue].Select(v => (Expression)new IntegerLiteral(None, v)),
        Gen.Double[0, 1e20].Select(v => (Expression)new DecimalLiteral(None, v)),
        Gen.Bool.Select(v => (Expression)new BooleanLiteral(None, v)),
        Gen.Const((Expression)new NullLiteral(None)));

    private static Gen<Expression> Leaf => Gen.OneOf(
        Field,
        Field,
        PatternConstant,
        Gen.Long.Select(v => (Expression)new IntegerLiteral(None, v)),
        Gen.Double[-1e10, 1e10].Select(v => (Expression)new DecimalLiteral(None, v)));

    public static Gen<Expression> Expression(int depth)
    {
        if (depth == 0)
        {
            return Leaf;
        }
        var sub = Expression(depth - 1);
        var list = sub.Array[1, 3].Select(items => ValueList.Of(items));
        return Gen.Int[0, 12].SelectMany(choice => choice switch
        {
            0 => Leaf,
            1 => sub.Select(e => (Expression)new NotExpression(None, e)),
            2 => sub.Select(e => (Expression)new NegateExpression(None, e)),
            3 => Gen.Select(Gen.Enum<LogicalOperator>(), sub, sub,
                (op, l, r) => (Expression)new LogicalExpression(None, op, l, r)),
            4 => Gen.Select(Gen.Enum<ComparisonOperator>(), sub, sub,
                (op, l, r) => (Expression)new ComparisonExpression(None, op, l, r)),
            5 => Gen.Select(Gen.Enum<ArithmeticOperator>(), sub, sub,
                (op, l, r) => (Expression)new ArithmeticExpression(None, op, l, r)),
            6 => Gen.Select(sub, list, Gen.Bool, Gen.Bool,
                (v, set, negated, insensitive) => (Expression)new InExpression(None, v, set, negated, insensitive)),
            7 => Gen.Select(Gen.Enum<PatternOperator>(), Gen.Bool, sub, PatternConstant.Array[1, 3],
                (op, insensitive, v, patterns) => (Expression)new PatternExpression(
                    None, op, op == PatternOperator.Colon || insensitive, v, ValueList.Of(patterns))),
            8 => Gen.Select(Gen.Int[0, FunctionNames.Length - 1], Gen.Bool, sub.Array[0, 3], (i, tilde, args) =>
                (Expression)new FunctionCall(None, FunctionNames[i], tilde && char.IsAsciiLetter(FunctionNames[i][0]), ValueList.Of(args))),
            9 => Gen.Select(Gen.Enum<LineageKind>(), EventQuery(depth - 1),
                (kind, query) => (Expression)new LineageExpression(None, kind, query)),
            _ => Gen.Select(Gen.Int[0, 5], sub, sub, (op, l, r) =>
                (Expression)new LogicalExpression(None, op % 2 == 0 ? LogicalOperator.And : LogicalOperator.Or, l, r)),
        });
    }

    public static Gen<EventQuery> EventQuery(int depth) =>
        Gen.Select(Gen.Int[-1, Categories.Length - 1], Expression(depth),
            (i, condition) => new EventQuery(None, i < 0 ? null : Categories[i], condition));

    private static Gen<ValueList<Expression>> Keys => Expression(1).Array[0, 2].Select(items => ValueList.Of(items));

    /// <summary>A stage with exactly <paramref name="keyCount"/> keys: every stage of a query must have as many.</summary>
    private static Gen<QueryStage> Stage(int keyCount, bool allowMissing, bool allowRuns) =>
        Gen.Select(EventQuery(2), Expression(1).Array[keyCount], Gen.Int[0, 5], Gen.Bool, (query, keys, runs, missing) =>
            new QueryStage(None, query, ValueList.Of(keys), allowRuns && runs > 0 ? runs : null, allowMissing && missing));

    private static Gen<QueryStage?> Until(int keyCount, bool present) =>
        present ? Stage(keyCount, false, false).Select(s => (QueryStage?)s) : Gen.Const((QueryStage?)null);

    private static Gen<Query> Query => Gen.Select(Gen.Int[0, 4], Gen.Int[0, 2]).SelectMany((choice, k) => choice switch
    {
        0 => Gen.Select(Keys, Gen.Int[0, 1000], Gen.Int[0, Units.Length - 1], Stage(k, true, true).Array[2, 3], Gen.Bool,
            (keys, amount, unit, stages, hasUntil) => (keys, amount, unit, stages, hasUntil))
            .SelectMany(t => Until(k, t.hasUntil).Select(until => (Query)new SequenceQuery(None, t.keys,
                t.amount == 0 ? null : new TimeSpanLiteral(None, t.amount, Units[t.unit]), ValueList.Of(t.stages), until))),
        1 => Gen.Select(Keys, Stage(k, false, false).Array[2, 3], (keys, stages) => (Query)new SampleQuery(None, keys, ValueList.Of(stages))),
        2 => Gen.Select(Keys, Stage(k, false, false).Array[2, 3], Gen.Bool, (keys, stages, hasUntil) => (keys, stages, hasUntil))
            .SelectMany(t => Until(k, t.hasUntil).Select(until => (Query)new JoinQuery(None, t.keys, ValueList.Of(t.stages), until))),
        _ => EventQuery(4).Select(q => (Query)q),
    });

    private static Gen<Pipe> Pipe => Gen.Int[0, 6].SelectMany(choice => choice switch
    {
        0 => Gen.Long[0, 1000].Select(n => new Pipe(None, PipeKind.Head, ValueList.Of<Expression>(new IntegerLiteral(None, n)))),
        1 => Gen.Long[0, 1000].Select(n => new Pipe(None, PipeKind.Tail, ValueList.Of<Expression>(new IntegerLiteral(None, n)))),
        2 => Field.Array[0, 2].Select(f => new Pipe(None, PipeKind.Count, ValueList.Of(f))),
        3 => Field.Array[1, 2].Select(f => new Pipe(None, PipeKind.Unique, ValueList.Of(f))),
        4 => Field.Array[1, 2].Select(f => new Pipe(None, PipeKind.UniqueCount, ValueList.Of(f))),
        5 => Expression(2).Select(e => new Pipe(None, PipeKind.Filter, ValueList.Of(e))),
        _ => Field.Array[1, 2].Select(f => new Pipe(None, PipeKind.Sort, ValueList.Of(f))),
    });

    public static Gen<EqlStatement> Statement =>
        Gen.Select(Query, Pipe.Array[0, 2], (query, pipes) => new EqlStatement(None, query, ValueList.Of(pipes)));
}
