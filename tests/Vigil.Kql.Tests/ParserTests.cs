using Vigil.Eql.Syntax;
using Vigil.Kql.Syntax;

namespace Vigil.Kql.Tests;

/// <summary>
/// The tree shapes of Kibana's <c>kuery/ast/ast.test.ts</c> ("fromKueryExpression") and the rules of
/// <c>kuery/grammar/grammar.peggy</c>, written as the canonical print of the tree (value lists spelled out per field).
/// </summary>
public sealed class ParserTests
{
    [Theory]
    // ast.test.ts: "should return a match all "is" function for whitespace"
    [InlineData("  ", "*:*")]
    // ast.test.ts: "should return an "is" function with a null field for single literals"
    [InlineData("foo", "foo")]
    // ast.test.ts: "should ignore extraneous whitespace at the beginning and end of the query"
    [InlineData("  foo ", "foo")]
    // ast.test.ts: "should not split on whitespace"
    [InlineData("foo bar", "foo bar")]
    // ast.test.ts: "should support "and" as a binary operator"
    [InlineData("foo and bar", "foo and bar")]
    // ast.test.ts: "nbsp should be recognised as whitespace"
    [InlineData("foo and\u00A0bar", "foo and bar")]
    // ast.test.ts: "should support "or" as a binary operator"
    [InlineData("foo or bar", "foo or bar")]
    // ast.test.ts: "should support negation of queries with a "not" prefix"
    [InlineData("not (foo or bar)", "not (foo or bar)")]
    // ast.test.ts: ""and" should have a higher precedence than "or""
    [InlineData("foo or bar and baz or qux", "foo or bar and baz or qux")]
    // ast.test.ts: "should support grouping to override default precedence"
    [InlineData("(foo or bar) and baz", "(foo or bar) and baz")]
    // ast.test.ts: "should support matching against specific fields"
    [InlineData("foo:bar", "foo:bar")]
    // ast.test.ts: "should also not split on whitespace when matching specific fields"
    [InlineData("foo:bar baz", "foo:bar baz")]
    // ast.test.ts: "should treat quoted values as phrases"
    [InlineData("foo:\"bar baz\"", "foo:\"bar baz\"")]
    // ast.test.ts: "should support a shorthand for matching multiple values against a single field"
    [InlineData("foo:(bar or baz)", "foo:bar or foo:baz")]
    // ast.test.ts: "should support "and" and "not" operators and grouping in the shorthand as well"
    [InlineData("foo:((bar or baz) and not qux)", "(foo:bar or foo:baz) and not foo:qux")]
    // ast.test.ts: "should support exclusive range operators"
    [InlineData("bytes > 1000 and bytes < 8000", "bytes > 1000 and bytes < 8000")]
    // ast.test.ts: "should support inclusive range operators"
    [InlineData("bytes >= 1000 and bytes <= 8000", "bytes >= 1000 and bytes <= 8000")]
    // ast.test.ts: "should support wildcards in field names"
    [InlineData("machine*:osx", "machine*:osx")]
    // ast.test.ts: "should support wildcards in values"
    [InlineData("foo:ba*", "foo:ba*")]
    // ast.test.ts: "should create an exists "is" query when a field is given and "*" is the value"
    [InlineData("foo:*", "foo:*")]
    // ast.test.ts: "should support nested queries indicated by curly braces"
    [InlineData("nestedField:{ childOfNested: foo }", "nestedField:{ childOfNested:foo }")]
    // ast.test.ts: "should support nested subqueries and subqueries inside nested queries"
    [InlineData("response:200 and nestedField:{ childOfNested:foo or childOfNested:bar }",
        "response:200 and nestedField:{ childOfNested:foo or childOfNested:bar }")]
    // ast.test.ts: "should support nested groups inside other nested groups"
    [InlineData("nestedField:{ nestedChild:{ doublyNestedChild:foo } }", "nestedField:{ nestedChild:{ doublyNestedChild:foo } }")]
    // grammar.peggy: Or/And/Not are case-insensitive ('or'i)
    [InlineData("a:1 OR b:2 AnD NOT c:3", "a:1 or b:2 and not c:3")]
    // grammar.peggy: EscapedSpecialCharacter; the printer escapes them back
    [InlineData(@"a:\(b\)\:\<\>\""\{\}\\", @"a:\(b\)\:\<\>\""\{\}\\")]
    // grammar.peggy: an escaped star is a plain character, not a wildcard
    [InlineData(@"a:b\*", @"a:b\*")]
    // grammar.peggy: EscapedKeyword keeps the keyword inside the value
    [InlineData(@"a:b \or c", @"a:b \or c")]
    // grammar.peggy: leading wildcards are allowed by default
    [InlineData("process.name:*sh", "process.name:*sh")]
    [InlineData("f:(a or b) and g:c", "(f:a or f:b) and g:c")]
    // grammar.peggy Keyword: " or" at the very end has no space after it, so it stays part of the value
    [InlineData("a:b or", "a:b or")]
    public void ParsesLikeKibana(string query, string canonical)
    {
        var result = KqlParser.Parse(query);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.Equal(canonical, KqlPrinter.Print(result.Query!));
    }

    [Fact]
    public void UnquotedLiteralsReadNullTrueFalse()
    {
        // grammar.peggy UnquotedLiteral: exactly null/true/false become those values; quoted ones stay text.
        var match = Assert.IsType<KqlMatch>(KqlParser.Parse("a:true").Query);
        Assert.Equal(KqlLiteralKind.True, match.Value.Kind);
        var quoted = Assert.IsType<KqlMatch>(KqlParser.Parse("a:\"true\"").Query);
        Assert.Equal(KqlLiteralKind.Text, quoted.Value.Kind);
        Assert.True(quoted.Value.IsQuoted);
    }

    [Fact]
    public void QuotedBackslashBeforeOrdinaryCharacterIsKept()
    {
        // grammar.peggy QuotedCharacter: only \\ \" \t \r \n \uXXXX are escapes inside quotes.
        var match = Assert.IsType<KqlMatch>(KqlParser.Parse("a:\"C:\\Windows\\\\x \\\"q\\\"\"").Query);
        Assert.Equal("C:\\Windows\\x \"q\"", match.Value.Text);
    }

    [Fact]
    public void UnicodeAndWhitespaceEscapes()
    {
        var match = Assert.IsType<KqlMatch>(KqlParser.Parse(@"a:x\u0041\ty").Query);
        Assert.Equal("xA\ty", match.Value.Text);
    }

    [Fact]
    public void WildcardPiecesSplitAtUnescapedStars()
    {
        var match = Assert.IsType<KqlMatch>(KqlParser.Parse(@"a:*x\*y*z").Query);
        Assert.Equal(["", "x*y", "z"], match.Value.WildcardPieces.ToArray());
    }

    [Fact]
    public void NotInsideAWordEndsTheLiteral()
    {
        // grammar.peggy Keyword: 'not'i Space ends an unquoted literal anywhere, so "cannot stop" is a syntax error.
        Assert.False(KqlParser.Parse("message:cannot stop").Success);
        Assert.True(KqlParser.Parse("message:\"cannot stop\"").Success);
    }

    [Fact]
    public void SpansAreLineAndColumn()
    {
        var result = KqlParser.Parse("a:b and\n  c:d");
        var and = Assert.IsType<KqlAnd>(result.Query);
        Assert.Equal(new SourcePosition(10, 2, 3), and.Operands[1].Span.Start);
        Assert.Equal(13, and.Operands[1].Span.End.Offset);
    }

    [Theory]
    [InlineData("a:(b or c", 1, 10, "expected ')'")]
    [InlineData("a:\"abc", 1, 3, "unterminated quoted string")]
    [InlineData("a:", 1, 3, "expected a value after ':'")]
    [InlineData("a:b and (", 1, 10, "at the end of the query")]
    [InlineData("a:{ b:c", 1, 8, "expected '}'")]
    [InlineData("a >", 1, 4, "expected a value after '>'")]
    [InlineData("a:b c:d", 1, 6, "unexpected ':'")]
    [InlineData(@"path:C:\x", 1, 7, "unexpected ':'")]
    [InlineData(@"path:x\y", 1, 7, "backslash")]
    [InlineData("not(a:b)", 1, 4, "unexpected '('")]
    public void ErrorsArePositionedAndPlain(string query, int line, int column, string fragment)
    {
        var result = KqlParser.Parse(query);
        Assert.False(result.Success);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((line, column), (error.Span.Start.Line, error.Span.Start.Column));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        var formatted = DiagnosticFormatter.Format(error, query);
        Assert.Contains("^", formatted, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNestingIsRefusedNotOverflowed()
    {
        var query = new string('(', 100_000) + "a" + new string(')', 100_000);
        var result = KqlParser.Parse(query);
        Assert.False(result.Success);
        Assert.Contains("levels deep", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParsingIsLinear()
    {
        // Many alternatives and long values: a backtracking parser would be quadratic or worse on these.
        var big = string.Join(" or ", Enumerable.Range(0, 20_000).Select(i => $"f:v{i}"));
        var spaces = "a:" + string.Concat(Enumerable.Repeat("x ", 50_000)) + "y";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(KqlParser.Parse(big).Success);
        Assert.True(KqlParser.Parse(spaces).Success);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
    }
}
