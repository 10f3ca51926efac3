using System.Text;
using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;
using static Vigil.Eql.Tests.Prefilter.Ast;

namespace Vigil.Eql.Tests.Prefilter;

public sealed class RequiredLiteralsTests
{
    /// <summary>Sets joined by " & ", alternatives by " | ", case-insensitive ones prefixed with "~".</summary>
    private static string Render(LineRequirement requirement) =>
        requirement.IsUnconstrained
            ? "none"
            : string.Join(" & ", requirement.AllOf.Select(set => string.Join(" | ", set.Alternatives.Select(
                literal => (literal.IgnoreCase ? "~" : "") + Encoding.UTF8.GetString(literal.Bytes)))));

    private static string Of(Expression condition, RequiredLiteralOptions? options = null) =>
        Render(RequiredLiterals.ForCondition(condition, options));

    [Fact]
    public void EqualityRequiresTheQuotedValue() => Assert.Equal("\"cat\"", Of(Eq("process.name", "cat")));

    [Fact]
    public void LiteralOnTheLeftWorksToo() =>
        Assert.Equal("\"cat\"", Of(Compare(ComparisonOperator.Equal, Str("cat"), Field("process.name"))));

    [Fact]
    public void AndKeepsBothSides() =>
        Assert.Equal("\"cat\" & \"exec\"", Of(And(Eq("process.name", "cat"), Eq("event.action", "exec"))));

    [Fact]
    public void AndWithAnUnconstrainedSideKeepsTheOther() =>
        Assert.Equal("\"cat\"", Of(And(Not(Eq("a", "xyz")), Eq("process.name", "cat"))));

    [Fact]
    public void OrOfSingleSetsIsTheirUnion() =>
        Assert.Equal("\"cat\" | \"dog\"", Of(Or(Eq("process.name", "cat"), Eq("process.name", "dog"))));

    [Fact]
    public void OrWithAnUnconstrainedSideIsUnconstrained() =>
        Assert.Equal("none", Of(Or(Eq("process.name", "cat"), Not(Eq("process.name", "dog")))));

    [Fact]
    public void OrOfConjunctionsDistributes() =>
        Assert.Equal(
            "\"aaa\" | \"ccc\" & \"aaa\" | \"ddd\" & \"bbb\" | \"ccc\" & \"bbb\" | \"ddd\"",
            Of(Or(And(Eq("a", "aaa"), Eq("b", "bbb")), And(Eq("c", "ccc"), Eq("d", "ddd")))));

    [Fact]
    public void NegationsInequalitiesAndNullAreUnconstrained()
    {
        Assert.Equal("none", Of(Not(Eq("process.name", "cat"))));
        Assert.Equal("none", Of(Compare(ComparisonOperator.NotEqual, Field("process.name"), Str("cat"))));
        Assert.Equal("none", Of(Compare(ComparisonOperator.Equal, Field("destination.ip"), Null())));
        Assert.Equal("none", Of(Compare(ComparisonOperator.GreaterThan, Field("process.name"), Str("cat"))));
        Assert.Equal("none", Of(NotIn("process.name", "cat", "dog")));
        Assert.Equal("none", Of(Compare(ComparisonOperator.Equal, Field("a"), Field("b"))));
    }

    [Fact]
    public void NumbersBooleansIpsAndDatesAreUnconstrained()
    {
        Assert.Equal("none", Of(Compare(ComparisonOperator.Equal, Field("process.pid"), Int(1000))));
        Assert.Equal("none", Of(Eq("user.id", "1000")));
        Assert.Equal("none", Of(Eq("destination.ip", "::1")));
        Assert.Equal("none", Of(Eq("destination.ip", "10.0.0.1")));
        Assert.Equal("none", Of(Eq("@timestamp", "2020-12-01T10:00:00Z")));
        Assert.Equal("none", Of(Eq("flag", "true")));
        Assert.Equal("none", Of(Pattern(PatternOperator.Like, false, "destination.ip", "10.*")));
    }

    [Fact]
    public void KnownStringFieldsKeepNumericLookingValues()
    {
        var options = new RequiredLiteralOptions { IsVerbatimStringField = path => path == "user.id" };
        Assert.Equal("\"1000\"", Of(Eq("user.id", "1000"), options));
        Assert.Equal("none", Of(Eq("process.name", "cat"), options));
    }

    [Fact]
    public void InRequiresOneOfTheQuotedValues() =>
        Assert.Equal("\"bash\" | \"dash\" | \"sh\"", Of(In("process.parent.name", false, "bash", "dash", "sh")));

    [Fact]
    public void InWithANonStringMemberIsUnconstrained() =>
        Assert.Equal("none", Of(new InExpression(SourceSpan.None, Field("x"),
            ValueList.Of<Expression>(Str("abc"), Int(3)), IsNegated: false, IsCaseInsensitive: false)));

    [Fact]
    public void CaseInsensitiveInIsLowerCasedAndFolded() =>
        Assert.Equal("~\"bash\" | ~\"sh\"", Of(In("process.parent.name", true, "BASH", "Sh")));

    [Fact]
    public void ColonWithoutWildcardIsTheQuotedValueIgnoringCase() =>
        Assert.Equal("~\"cat\"", Of(Pattern(PatternOperator.Colon, true, "process.name", "CAT")));

    [Fact]
    public void WildcardsKeepTheLongestRunAndQuotesOnlyOnAnchoredSides()
    {
        Assert.Equal("~\"python", Of(Pattern(PatternOperator.Colon, true, "process.name", "python*")));
        Assert.Equal("~.exe\"", Of(Pattern(PatternOperator.Colon, true, "process.name", "*.exe")));
        Assert.Equal("~curl", Of(Pattern(PatternOperator.Colon, true, "process.name", "*curl*")));
        Assert.Equal("~/dev/tcp/", Of(Pattern(PatternOperator.Colon, true, "process.args", "*>*/dev/tcp/*")));
        Assert.Equal("~longest", Of(Pattern(PatternOperator.Colon, true, "f", "ab?longest*xy")));
        Assert.Equal("\"Abc", Of(Pattern(PatternOperator.Like, false, "f", "Abc*")));
        Assert.Equal("~\"abc", Of(Pattern(PatternOperator.Like, true, "f", "Abc*")));
    }

    [Fact]
    public void APatternWithNothingFixedMakesTheListUnconstrained()
    {
        Assert.Equal("none", Of(Pattern(PatternOperator.Colon, true, "f", "*")));
        Assert.Equal("none", Of(Pattern(PatternOperator.Colon, true, "f", "*abcd*", "?*")));
        Assert.Equal("~abcd | ~efgh", Of(Pattern(PatternOperator.Colon, true, "f", "*abcd*", "*efgh*")));
    }

    [Fact]
    public void RegexIsUnconstrained() =>
        Assert.Equal("none", Of(Pattern(PatternOperator.Regex, false, "f", "cat.*")));

    [Fact]
    public void QuotesAndBackslashesAreJsonEscaped()
    {
        Assert.Equal("\"a\\\"b\"", Of(Eq("f", "a\"b")));
        Assert.Equal("\"C:\\\\Windows\"", Of(Eq("f", "C:\\Windows")));
        Assert.Equal("\"line\\nnext\"", Of(Eq("f", "line\nnext")));
        // A slash stays raw: the prefilter parses every line that writes it as \/.
        Assert.Equal("\"/dev/tcp\"", Of(Eq("f", "/dev/tcp")));
    }

    [Fact]
    public void ControlCharactersWithoutAShortEscapeSplitTheLiteral() =>
        Assert.Equal("\"abcd", Of(Eq("f", "abcd\u0001ef")));

    [Fact]
    public void NonAsciiStaysAsUtf8WhenExactAndSplitsWhenFolded()
    {
        Assert.Equal("\"café\"", Of(Eq("f", "café")));
        Assert.Equal("~\"caf", Of(Pattern(PatternOperator.Colon, true, "f", "CAFÉ")));
        Assert.Equal("none", Of(Eq("f", "\uFFFD\uFFFD")));
    }

    [Fact]
    public void ShortLiteralsAreNotWorthRequiring() => Assert.Equal("none", Of(Pattern(PatternOperator.Colon, true, "f", "*a*")));

    [Fact]
    public void StringFunctionsRequireTheirArgument()
    {
        Assert.Equal("\"abc", Of(Call("startsWith", false, Field("f"), Str("abc"))));
        Assert.Equal("~xyz\"", Of(Call("endsWith", true, Field("f"), Str("XYZ"))));
        Assert.Equal("mid", Of(Call("stringContains", false, Field("f"), Str("mid"))));
        Assert.Equal("none", Of(Call("cidrMatch", false, Field("destination.ip"), Str("10.0.0.0/8"))));
        Assert.Equal("none", Of(Call("startsWith", false, Call("concat", false, Field("a"), Field("b")), Str("abc"))));
    }

    [Fact]
    public void CategoryIsAQuotedLiteralOfItsField()
    {
        var requirement = RequiredLiterals.ForEventQuery(Query("process", Eq("process.name", "cat")));
        Assert.Equal("\"process\" & \"cat\"", Render(requirement));
        Assert.Equal("event.category", requirement.AllOf[0].Origin);
        Assert.Equal("none", Render(RequiredLiterals.ForEventQuery(Query(null, Not(Eq("a", "bcd"))))));
    }

    [Fact]
    public void EndgameEqualityIgnoresCaseAndTakesWildcards()
    {
        var endgame = new RequiredLiteralOptions { EndgameDialect = true };
        Assert.Equal("~\"cmd.exe\"", Of(Eq("process_name", "CMD.exe"), endgame));
        Assert.Equal("~.exe\"", Of(Eq("process_name", "*.exe"), endgame));
    }

    [Fact]
    public void SeedRuleYieldsOneRequirementPerStage()
    {
        var stage1 = Query("process", And(And(And(And(
            Eq("host.os.type", "linux"), Eq("event.type", "start")), Eq("event.action", "exec")),
            Eq("process.name", "cat")),
            In("process.parent.name", false, "bash", "dash", "sh", "tcsh", "csh", "zsh", "ksh", "fish")));
        var stage2 = Query("network", And(And(And(
            Eq("host.os.type", "linux"), In("event.action", false, "connection_attempted", "disconnect_received")),
            Eq("process.name", "cat")),
            Not(Or(Compare(ComparisonOperator.Equal, Field("destination.ip"), Null()),
                Call("cidrmatch", false, Field("destination.ip"), Str("10.0.0.0/8"))))));
        var requirements = RequiredLiterals.ForStatement(Sequence([Stage(stage1), Stage(stage2)]));
        Assert.Equal(2, requirements.Length);
        Assert.Equal(
            "\"process\" & \"linux\" & \"start\" & \"exec\" & \"cat\" & "
            + "\"bash\" | \"dash\" | \"sh\" | \"tcsh\" | \"csh\" | \"zsh\" | \"ksh\" | \"fish\"",
            Render(requirements[0]));
        Assert.Equal("\"network\" & \"linux\" & \"connection_attempted\" | \"disconnect_received\" & \"cat\"",
            Render(requirements[1]));
        // Without data the anchor guess avoids low-cardinality fields and picks the process name.
        var prefilter = LinePrefilter.Create(requirements);
        Assert.Equal("process.name", prefilter.Anchors[0].Origin);
        Assert.Equal("process.name", prefilter.Anchors[1].Origin);
    }

    [Fact]
    public void MissingAndUntilStagesAreRequirementsToo()
    {
        var statement = Sequence(
            [Stage(Query("process", Eq("process.name", "aaa"))), Stage(Query("file", Eq("file.name", "bbb")), missing: true)],
            until: Stage(Query("process", Eq("event.action", "ccc"))));
        var requirements = RequiredLiterals.ForStatement(statement);
        Assert.Equal(["\"process\" & \"aaa\"", "\"file\" & \"bbb\"", "\"process\" & \"ccc\""], requirements.Select(Render));
    }

    [Fact]
    public void LineageMakesTheStatementUnconstrained()
    {
        var lineage = new LineageExpression(SourceSpan.None, LineageKind.DescendantOf, Query("process", Eq("process.name", "xyz")));
        var statement = Statement(Query("process", And(Eq("process.name", "cat"), lineage)));
        Assert.True(RequiredLiterals.ForStatement(statement).Single().IsUnconstrained);
    }
}
