using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Syntax;

/// <summary>
/// Malformed queries with the exact first diagnostic (line:column and message). Positions were counted by hand
/// from the query text; each query fails for one reason only.
/// </summary>
public sealed class MalformedQueryTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // Strings, escapes and other lexical errors.
        { "process where \"abc", "1:15", "unterminated string literal" },
        { "process where x == \"a\\qb\"", "1:22",
            "invalid escape sequence '\\q' in string literal (valid: \\b \\t \\n \\f \\r \\\" \\' \\\\ \\u{hex}; use \"\"\"...\"\"\" for a raw string)" },
        { "process where x == 'a'", "1:20", "strings use double quotes (\"...\"), not single quotes" },
        { "process where x == \"\\u{D}\"", "1:21", "a unicode escape needs 2 to 8 hex digits, '\\u{D}' has 1" },
        { "process where x == \"\\u{D800}\"", "1:21", "invalid unicode escape: D800 is a surrogate code" },
        { "process where x == \"\\u{110000}\"", "1:21", "invalid unicode escape: 110000 is beyond the last code point 10FFFF" },
        { "process where x == \"\\u{12\"", "1:21", "invalid unicode escape: expected hex digits and '}' after '\\u{'" },
        { "process where x == ?\"abc\"", "1:20", "use triple double quotes (\"\"\"...\"\"\") for unescaped strings, not ?\"...\"" },
        { "process where x == \"\"\"abc", "1:20", "unterminated raw string literal: '\"\"\"' has no closing '\"\"\"' on the same line" },
        { "process where /* comment", "1:15", "unterminated comment: '/*' has no matching '*/'" },
        { "process where x & y", "1:17", "unexpected character '&': use 'and'" },
        { "process where x == 1 # comment", "1:22", "unexpected character '#'" },
        { "\uFEFFprocess where true", "1:1", "unexpected character U+FEFF" },
        { "process where x ==\u00A0 1", "1:19", "unexpected character U+00A0" },
        { "process where `my field", "1:15", "unterminated quoted name: '`' has no closing '`'" },
        { "process where x == 99999999999999999999", "1:20", "the number 99999999999999999999 is too large for a 64-bit integer" },

        // Event queries.
        { "where x == 1", "1:1",
            "expected an event category (a name, a quoted string or 'any') ('where' is a keyword; write \"where\" for a category of that name), found 'where'" },
        { "process x == 1", "1:9", "expected 'where' after the event category 'process', found 'x'" },
        { "process where true [file where true]", "1:20",
            "unexpected '[' after the end of the query (bracketed stages belong to a 'sequence', 'sample' or 'join')" },
        { "process where x == 1 ]", "1:22", "unexpected ']' after the end of the query" },

        // Expressions.
        { "process where x == 1 and", "1:25", "expected an expression, found the end of the query" },
        { "process where x = 1", "1:17", "use '==' to compare values; '=' only sets maxspan and runs" },
        { "process where a < b < c", "1:21", "comparisons cannot be chained; add parentheses, as in (a < b) == true" },
        { "process where x in 1", "1:20", "expected '(' after 'in', found the number 1" },
        { "process where x in (1, 2", "1:25", "expected ')' to close the list opened at 1:20, found the end of the query" },
        { "process where x : y", "1:19", "expected a constant (a string, number, true, false or null) after ':', found 'y'" },
        { "process where x like~ (\"a\", b)", "1:29",
            "expected a constant (a string, number, true, false or null) after 'like~', found 'b'" },
        { "process where x not like \"a\"", "1:17", "'not like' is not an operator; put 'not' before the whole test instead" },
        { "process where foo(1, 2", "1:23", "expected ')' to close the arguments of 'foo' opened at 1:18, found the end of the query" },
        { "process where endsWith~ \"x\"", "1:25", "expected '(' after the function name 'endsWith~', found the string \"x\"" },
        { "process where (x == 1", "1:22", "expected ')' to close the '(' opened at 1:15, found the end of the query" },
        { "process where x.", "1:17", "expected a field name after '.', found the end of the query" },
        { "process where x.and == 1", "1:17",
            "expected a field name after '.' ('and' is a keyword; write `and` for a field of that name), found 'and'" },
        { "process where sequence == 1", "1:15",
            "expected an expression ('sequence' is a keyword; write `sequence` for a field of that name), found 'sequence'" },
        { "process where ?", "1:16", "expected a field name after '?', found the end of the query" },
        { "process where x[0] == 1", "1:17", "array indexes are not supported" },
        { "process where foo of [file where true]", "1:15", "unknown relationship 'foo of'; use 'descendant of', 'child of' or 'event of'" },
        { "process where descendant of [file where true", "1:45",
            "expected ']' to close the 'descendant of' query opened at 1:29, found the end of the query" },

        // Sequences, samples, joins.
        { "sequence\n  [process where true]\n  [file where x == 1", "3:21",
            "expected ']' to close the sequence stage opened at 3:3, found the end of the query" },
        { "sequence by user.name\n  [process where true]\n  [file where x ==]", "3:19", "expected an expression, found ']'" },
        { "sequence with maxspan=5 [a where true] [b where true]", "1:23",
            "maxspan needs a time unit (ms, s, m, h or d), as in maxspan=5s" },
        { "sequence with maxspan=5x [a where true] [b where true]", "1:24", "unknown time unit 'x' in maxspan; use ms, s, m, h or d" },
        { "sequence with maxspan=1.5s [a where true] [b where true]", "1:23", "maxspan must be a whole number, found 1.5" },
        { "sequence with maxspan=0s [a where true] [b where true]", "1:23", "maxspan must be positive, found 0" },
        { "sequence with runs=2 [a where true] [b where true]", "1:15",
            "expected 'maxspan' after the sequence's 'with' ('with runs' goes after a stage), found 'runs'" },
        { "sequence [process where true]", "1:30",
            "expected '[' to start the second sequence stage (a sequence needs at least two), found the end of the query" },
        { "sequence", "1:9", "expected '[' to start the first sequence stage, found the end of the query" },
        { "sequence by a by b [x where true] [y where true]", "1:15", "the sequence already has 'by' keys; list them all after one 'by'" },
        // Elasticsearch: "Please specify sequence [by] before [with] not after" (its position is the sequence's).
        { "sequence with maxspan=5m by a [x where true] [y where true]", "1:26", "put the sequence's 'by' keys before 'with maxspan', not after" },
        { "sequence by a with maxspan=5m by b [x where true] [y where true]", "1:31", "the sequence already has 'by' keys; list them all after one 'by'" },
        { "sequence [a where true] with runs=0 [b where true]", "1:35", "runs must be a positive whole number, found 0" },
        { "sequence [a where true] [b where true] until ![c where true]", "1:46", "the 'until' stage cannot be a missing event" },
        { "sample by x [a where true] ![b where true]", "1:28",
            "missing events ('![...]') are only allowed in a sequence, not in a sample" },
        { "sample by x [a where true] with runs=2 [b where true]", "1:28",
            "'with runs=N' is only allowed on sequence stages, not in a sample" },

        { "sequence [a where true] by x [b where true] by x, y", "1:48",
            "inconsistent number of join keys: the first stage has 1, this one has 2" },
        { "sequence [a where true] by x [b where true]", "1:30",
            "inconsistent number of join keys: the first stage has 1, this one has 0" },
        { "join [a where true] [b where true] until [c where true] by z", "1:60",
            "inconsistent number of join keys: the first stage has 0, this one has 1" },

        { "sequence [a where true] [b where true] fork=true", "1:40", "sequence 'fork' is only part of the Endgame dialect (--dialect endgame), on sequence stages" },

        // Pipes.
        { "process where a || b", "1:17", "'||' is not an operator; use 'or'" },
        { "process where x | foo", "1:19",
            "unknown pipe 'foo' (known pipes: head, tail, count, unique, unique_count, filter, sort)" },
        { "process where process.name : \"a\" | head", "1:34",
            "'| head' needs exactly one argument, a whole number of results, found 0" },
        { "process where true | head -1", "1:27", "'| head' needs a whole number of results (0 or more), found -1" },
        { "process where true | tail 1.5", "1:27", "'| tail' needs a whole number of results (0 or more), found 1.5" },
        { "process where x == 1 |", "1:23",
            "expected a pipe name (head, tail, count, unique, unique_count, filter, sort) after '|', found the end of the query" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsTheFirstProblemWithItsPlace(string query, string position, string message)
    {
        var result = EqlParser.Parse(query);

        Assert.False(result.Success);
        Assert.Null(result.Statement);
        var first = result.Diagnostics[0];
        Assert.Equal((position, message), (first.Span.Start.ToString(), first.Message));
    }

    [Fact]
    public void DeepNestingIsRefusedInsteadOfOverflowingTheStack()
    {
        var query = "process where " + new string('(', 300) + "x" + new string(')', 300);

        var result = EqlParser.Parse(query);

        Assert.False(result.Success);
        // The condition is nesting level 1; the 200th '(' opens level 201, so the 201st '(' (column 15 + 200) is refused.
        Assert.Equal(("1:215", "the query nests too deeply (more than 200 levels)"),
            (result.Diagnostics[0].Span.Start.ToString(), result.Diagnostics[0].Message));
    }

    [Fact]
    public void AnEndlessOrChainIsRefusedWholesale()
    {
        var query = "any where " + string.Join(" or ", Enumerable.Range(0, 5000).Select(i => "a == " + i));

        var result = EqlParser.Parse(query);

        Assert.Equal(("1:1", "the query is too long to handle: its syntax tree is 5003 levels deep (at most 500); " +
            "long chains of 'or' are better written with 'in (...)' or ': (...)'"),
            (result.Diagnostics[0].Span.Start.ToString(), result.Diagnostics[0].Message));
    }

    [Fact]
    public void TheLongestAcceptedChainStillPrintsOnASmallStack()
    {
        // 496 'or's: statement, event query, 496 levels of 'or', the comparison and its operands = 500 levels.
        var query = "any where " + string.Join(" or ", Enumerable.Range(0, 497).Select(i => "a == " + i));
        string? problem = "not run";
        var thread = new Thread(() => problem = RoundTrip.Check(query), 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(problem);
        Assert.False(EqlParser.Parse(query + " or a == 0").Success);
    }

    [Fact]
    public void LexicalErrorsAreAllReportedWithoutEchoes()
    {
        var result = EqlParser.Parse("process where x == 'a' or y == \"\\q\"");

        Assert.Equal(["1:20", "1:33"], result.Diagnostics.Select(d => d.Span.Start.ToString()));
    }

    [Fact]
    public void HostileInputNeverThrows()
    {
        var random = new Random(7);
        const string alphabet = "abc []()|!=<>:~\"'`?.,-+*/%@_0123456789\n\\sequencewherebyuntilwithmaxspan";
        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }
            var result = EqlParser.Parse(new string(chars));
            Assert.True(result.Success || result.Diagnostics.Length > 0);
        }
    }
}
