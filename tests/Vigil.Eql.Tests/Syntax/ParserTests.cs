using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Syntax;

/// <summary>The shapes the parser builds: precedence, predicates, literals, fields, queries, pipes and spans.</summary>
public sealed class ParserTests
{
    private static EqlStatement Parse(string query, EqlParserOptions? options = null)
    {
        var result = EqlParser.Parse(query, options);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Statement!;
    }

    private static Expression Condition(string condition) => ((EventQuery)Parse("any where " + condition).Query).Condition;

    /// <summary>A compact, fully parenthesised rendering that shows the tree's shape.</summary>
    private static string Shape(Expression e) => e switch
    {
        LogicalExpression l => $"({Shape(l.Left)} {l.Operator} {Shape(l.Right)})",
        ComparisonExpression c => $"({Shape(c.Left)} {c.Operator} {Shape(c.Right)})",
        ArithmeticExpression a => $"({Shape(a.Left)} {a.Operator} {Shape(a.Right)})",
        NotExpression n => $"(Not {Shape(n.Operand)})",
        NegateExpression n => $"(Neg {Shape(n.Operand)})",
        InExpression i => $"({Shape(i.Value)} {(i.IsNegated ? "NotIn" : "In")}{(i.IsCaseInsensitive ? "~" : "")} [{string.Join(", ", i.Set.Select(Shape))}])",
        PatternExpression p => $"({Shape(p.Value)} {p.Operator}{(p.IsCaseInsensitive ? "~" : "")} [{string.Join(", ", p.Patterns.Select(Shape))}])",
        FunctionCall f => $"{f.Name}{(f.IsCaseInsensitive ? "~" : "")}({string.Join(", ", f.Arguments.Select(Shape))})",
        FieldReference f => (f.IsOptional ? "?" : "") + f.Path,
        StringLiteral s => $"'{s.Value}'",
        IntegerLiteral i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DecimalLiteral d => d.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
        BooleanLiteral b => b.Value ? "true" : "false",
        NullLiteral => "null",
        LineageExpression l => $"{l.Kind}[{l.Query.Category}: {Shape(l.Query.Condition)}]",
        _ => e.GetType().Name,
    };

    [Theory]
    [InlineData("a or b and c", "(a Or (b And c))")]
    [InlineData("a and b or c", "((a And b) Or c)")]
    [InlineData("a or b or c", "((a Or b) Or c)")]
    [InlineData("not a and b", "((Not a) And b)")]
    [InlineData("not not a", "(Not (Not a))")]
    [InlineData("not a == b", "(Not (a Equal b))")]
    [InlineData("not x : \"y\"", "(Not (x Colon~ ['y']))")]
    [InlineData("a + b * c == d", "((a Add (b Multiply c)) Equal d)")]
    [InlineData("a - b - c", "((a Subtract b) Subtract c)")]
    [InlineData("a / b % c * d", "(((a Divide b) Modulo c) Multiply d)")]
    [InlineData("-a * b", "((Neg a) Multiply b)")]
    [InlineData("- -a", "(Neg (Neg a))")]
    [InlineData("+a", "a")]
    [InlineData("-5", "-5")]
    [InlineData("-(5)", "(Neg 5)")]
    [InlineData("-5 in (1)", "(Neg (5 In [1]))")]
    [InlineData("- 2.5", "-2.5d")]
    [InlineData("x == -9223372036854775808", "(x Equal -9223372036854775808)")]
    [InlineData("a + b in (1, 2)", "(a Add (b In [1, 2]))")]
    [InlineData("x : \"a\" == true", "((x Colon~ ['a']) Equal true)")]
    [InlineData("(a or b) and c", "((a Or b) And c)")]
    [InlineData("x not in (1, \"a\", y)", "(x NotIn [1, 'a', y])")]
    [InlineData("x in~ (\"a\")", "(x In~ ['a'])")]
    [InlineData("x not in~ (\"a\")", "(x NotIn~ ['a'])")]
    [InlineData("x : (\"a*\", \"b?\")", "(x Colon~ ['a*', 'b?'])")]
    [InlineData("x like \"a*\"", "(x Like ['a*'])")]
    [InlineData("x like~ (\"a*\", 1, null, true)", "(x Like~ ['a*', 1, null, true])")]
    [InlineData("x regex \"a.*\"", "(x Regex ['a.*'])")]
    [InlineData("x regex~ (\"a.*\")", "(x Regex~ ['a.*'])")]
    [InlineData("endsWith~(process.name, \"x\")", "endsWith~(process.name, 'x')")]
    [InlineData("CONCAT(a, \"\") == \"1\"", "(CONCAT(a, '') Equal '1')")]
    [InlineData("f()", "f()")]
    [InlineData("?process.pid != null", "(?process.pid NotEqual null)")]
    [InlineData("? x", "?x")]
    [InlineData("@timestamp > 0", "(@timestamp GreaterThan 0)")]
    [InlineData("`my field`.x == 1", "(my field.x Equal 1)")]
    [InlineData("`a``b` == 1", "(a`b Equal 1)")]
    [InlineData("`sequence` == 1", "(sequence Equal 1)")]
    [InlineData("a.b . c", "a.b.c")]
    [InlineData("1.5e3 < .5", "(1500d LessThan 0.5d)")]
    [InlineData("1. >= 2E-2", "(1d GreaterThanOrEqual 0.02d)")]
    [InlineData("descendant of [process where a] and b", "(DescendantOf[process: a] And b)")]
    [InlineData("not child of [\"file\" where true]", "(Not ChildOf[file: true])")]
    [InlineData("event of [any where x]", "EventOf[: x]")]
    [InlineData("a /* c /* nested */ still */ and // line\n b", "(a And b)")]
    public void BuildsTheExpectedTree(string condition, string shape) => Assert.Equal(shape, Shape(Condition(condition)));

    [Fact]
    public void ParsesTheFiveExponentLiteralAsNumberThenName()
    {
        // "5e" has no exponent digits, so it is the number 5 followed by the name e, which cannot follow here.
        Assert.False(EqlParser.Parse("any where 5e == 1").Success);
    }

    [Theory]
    [InlineData("\"a\\tb\"", "a\tb")]
    [InlineData("\"\\b\\f\\n\\r\\\"\\'\\\\\"", "\b\f\n\r\"'\\")]
    [InlineData("\"\\u{41}\\u{1F600}\\u{000000e9}\"", "A😀é")]
    [InlineData("\"\"\"C:\\x\\\"\"\"", "C:\\x\\")]
    [InlineData("\"\"\"a\"\"\"\"", "a\"")]
    [InlineData("\"\"\"a\"\"\"\"\"", "a\"\"")]
    [InlineData("\"\"\"\"\"\"", "")]
    [InlineData("\"\"\"say \"hi\" \"\"\"", "say \"hi\" ")]
    public void DecodesStrings(string literal, string value)
    {
        var literalNode = Assert.IsType<StringLiteral>(Condition(literal));
        Assert.Equal(value, literalNode.Value);
    }

    [Fact]
    public void KeepsHowAStringWasQuoted()
    {
        Assert.Equal(StringStyle.Raw, Assert.IsType<StringLiteral>(Condition("\"\"\"x\"\"\"")).Style);
        Assert.Equal(StringStyle.Quoted, Assert.IsType<StringLiteral>(Condition("\"x\"")).Style);
        var single = ((EventQuery)Parse("any where 'it\\'s'", new EqlParserOptions { AllowSingleQuotedStrings = true }).Query).Condition;
        Assert.Equal(new StringLiteral(single.Span, "it's", StringStyle.SingleQuoted), single);
    }

    [Theory]
    [InlineData("process where true", "process")]
    [InlineData("\"process\" where true", "process")]
    [InlineData("\"my category\" where true", "my category")]
    [InlineData("\"\"\"sequence\"\"\" where true", "sequence")]
    [InlineData("PROCESS where true", "PROCESS")]
    [InlineData("any where true", null)]
    public void ReadsTheEventCategory(string query, string? category) =>
        Assert.Equal(category, ((EventQuery)Parse(query).Query).Category);

    [Theory]
    [InlineData("sequence by a with maxspan=5m [x where true] [y where true]")]
    [InlineData("sequence with maxspan=5m by a [x where true] [y where true]")]
    [InlineData("sequence with maxspan = 5 m by a [x where true] [y where true]")]
    public void ReadsSequenceHeadersInEitherOrder(string query)
    {
        var sequence = Assert.IsType<SequenceQuery>(Parse(query).Query);
        Assert.Equal("a", Assert.IsType<FieldReference>(Assert.Single(sequence.JoinKeys)).Path);
        Assert.Equal((5L, "m", 300_000L), (sequence.MaxSpan!.Amount, sequence.MaxSpan.Unit, sequence.MaxSpan.Milliseconds!.Value));
        Assert.Equal(2, sequence.Stages.Count);
    }

    [Fact]
    public void ReadsAFullSequence()
    {
        var sequence = Assert.IsType<SequenceQuery>(Parse("""
            sequence by host.id, user.name with maxspan=30s
              [process where true] by process.pid with runs=3
              ![file where x == 1] by process.pid
              [network where true] with runs=2 by process.pid
            until [process where event.type == "end"] by process.pid
            | tail 5
            """).Query);

        Assert.Equal(2, sequence.JoinKeys.Count);
        Assert.Equal(30_000L, sequence.MaxSpan!.Milliseconds);
        Assert.Equal([3, null, 2], sequence.Stages.Select(s => s.Runs));
        Assert.Equal([false, true, false], sequence.Stages.Select(s => s.IsMissing));
        Assert.All(sequence.Stages, s => Assert.Equal("process.pid", Assert.IsType<FieldReference>(Assert.Single(s.JoinKeys)).Path));
        Assert.Equal("process", sequence.Until!.Query.Category);
    }

    [Fact]
    public void ASingleStageWithRunsIsASequence()
    {
        var sequence = Assert.IsType<SequenceQuery>(Parse("sequence [process where true] with runs=2").Query);
        Assert.Equal(2, Assert.Single(sequence.Stages).Runs);
    }

    [Fact]
    public void ReadsSampleAndJoin()
    {
        var sample = Assert.IsType<SampleQuery>(Parse("sample by host [a where true] by os [b where true] by os [c where true] by os").Query);
        Assert.Equal((1, 3), (sample.JoinKeys.Count, sample.Stages.Count));

        var join = Assert.IsType<JoinQuery>(Parse("join by pid [a where true] [b where true] until [c where true]").Query);
        Assert.Equal((1, 2, "c"), (join.JoinKeys.Count, join.Stages.Count, join.Until!.Query.Category));
    }

    [Theory]
    [InlineData("| head 3", PipeKind.Head, 1)]
    [InlineData("| tail 0", PipeKind.Tail, 1)]
    [InlineData("| count", PipeKind.Count, 0)]
    [InlineData("| count a, b", PipeKind.Count, 2)]
    [InlineData("| unique a", PipeKind.Unique, 1)]
    [InlineData("| unique_count a, b", PipeKind.UniqueCount, 2)]
    [InlineData("| filter a > 1 and b", PipeKind.Filter, 1)]
    [InlineData("| sort a, b", PipeKind.Sort, 2)]
    [InlineData("| sort a b c", PipeKind.Sort, 3)]
    [InlineData("| unique_count a -b", PipeKind.UniqueCount, 1)]
    [InlineData("| unique a `b` ?c, \"d\"", PipeKind.Unique, 4)]
    public void ReadsPipes(string pipeText, PipeKind kind, int arguments)
    {
        var pipe = Assert.Single(Parse("process where true " + pipeText).Pipes);
        Assert.Equal((kind, arguments), (pipe.Kind, pipe.Arguments.Count));
    }

    [Fact]
    public void ReadsSeveralPipes() =>
        Assert.Equal([PipeKind.Unique, PipeKind.Head], Parse("process where true | unique a | head 1").Pipes.Select(p => p.Kind));

    [Fact]
    public void SetsSpansFromFirstToLastToken()
    {
        var statement = Parse("process where x.y == \"a\" | head 1\n");
        var condition = Assert.IsType<ComparisonExpression>(((EventQuery)statement.Query).Condition);

        Assert.Equal("1:1-1:34", $"{statement.Span.Start}-{statement.Span.End}");
        Assert.Equal("1:1-1:25", $"{statement.Query.Span.Start}-{statement.Query.Span.End}");
        Assert.Equal("1:15-1:25", $"{condition.Span.Start}-{condition.Span.End}");
        Assert.Equal("1:15-1:18", $"{condition.Left.Span.Start}-{condition.Left.Span.End}");
        Assert.Equal("1:22-1:25", $"{condition.Right.Span.Start}-{condition.Right.Span.End}");
        Assert.Equal((14, 24), (condition.Span.Start.Offset, condition.Span.End.Offset));
        Assert.Equal("1:26-1:34", $"{statement.Pipes[0].Span.Start}-{statement.Pipes[0].Span.End}");
    }

    [Fact]
    public void CountsLinesAndColumnsAcrossLineEndings()
    {
        var statement = Parse("sequence\r\n  [a where true]\n\t[b where true]");
        var sequence = (SequenceQuery)statement.Query;
        Assert.Equal("2:3", sequence.Stages[0].Span.Start.ToString());
        Assert.Equal("3:2", sequence.Stages[1].Span.Start.ToString());
    }
}
