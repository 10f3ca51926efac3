using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Semantics;

/// <summary>
/// Type and structure errors, each checked by hand against the message and position Elasticsearch gives for the same
/// query (its VerifierTests and QueryTranslatorFailTests, mapping-default.json). Where Elasticsearch's parser reports
/// a column one to the right of the construct (its ParsingException positions), we report the construct itself;
/// the comment on such tests says so.
/// </summary>
public sealed class BinderErrorTests
{
    private static Diagnostic SingleError(AstBuilder b, EqlStatement statement, EqlAnalyzerOptions? options = null,
        Schema? schema = null)
    {
        var result = EqlAnalyzer.Bind(statement, schema ?? TestSchemas.EsDefault, options, b.Source);
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 1, $"expected one error, got: {string.Join(" | ", result.Diagnostics)}");
        return errors[0];
    }

    private static void AssertError(string expected, Diagnostic actual) => Assert.Equal(expected, actual.ToString());

    private static void AssertClean(AstBuilder b, EqlStatement statement, EqlAnalyzerOptions? options = null)
    {
        var result = EqlAnalyzer.Bind(statement, TestSchemas.EsDefault, options, b.Source);
        Assert.True(result.Diagnostics.IsEmpty, string.Join(" | ", result.Diagnostics));
    }

    [Fact]
    public void BetweenSecondArgumentMustBeString()
    {
        var b = new AstBuilder("process where between(process_name, 1, 2)");
        var s = b.Event("process", b.Call("between(process_name, 1, 2)", b.Field("process_name"), b.Int(1), b.Int(2)));
        AssertError("error: 1:15: second argument of [between(process_name, 1, 2)] must be [string], found value [1] type [integer]",
            SingleError(b, s));
    }

    [Fact]
    public void BetweenThirdArgumentMustBeString()
    {
        var b = new AstBuilder("process where between(process_name, \"s\", 2)");
        var s = b.Event("process", b.Call("between(process_name, \"s\", 2)", b.Field("process_name"), b.Str("s"), b.Int(2)));
        AssertError("error: 1:15: third argument of [between(process_name, \"s\", 2)] must be [string], found value [2] type [integer]",
            SingleError(b, s));
    }

    [Fact]
    public void BetweenFourthArgumentMustBeBoolean()
    {
        var b = new AstBuilder("process where between(process_name, \"s\", \"e\", \"true\")");
        var s = b.Event("process", b.Call("between(process_name, \"s\", \"e\", \"true\")",
            b.Field("process_name"), b.Str("s"), b.Str("e"), b.Str("true")));
        AssertError("error: 1:15: fourth argument of [between(process_name, \"s\", \"e\", \"true\")] must be [boolean], " +
            "found value [\"true\"] type [keyword]", SingleError(b, s));
    }

    [Fact]
    public void CidrMatchNeedsConstantBlocks()
    {
        var b = new AstBuilder("process where cidrMatch(source_address, hostname)");
        var s = b.Event("process", b.Call("cidrMatch(source_address, hostname)", b.Field("source_address"), b.Field("hostname")));
        AssertError("error: 1:15: second argument of [cidrMatch(source_address, hostname)] must be a constant, received [hostname]",
            SingleError(b, s));
    }

    [Fact]
    public void CidrMatchNeedsAnIpField()
    {
        var b = new AstBuilder("process where cidrMatch(hostname, \"10.0.0.0/8\")");
        var s = b.Event("process", b.Call("cidrMatch(hostname, \"10.0.0.0/8\")", b.Field("hostname"), b.Str("10.0.0.0/8")));
        AssertError("error: 1:15: first argument of [cidrMatch(hostname, \"10.0.0.0/8\")] must be [ip], found value [hostname] type [text]",
            SingleError(b, s));
    }

    [Fact]
    public void CidrMatchBlocksMustBeStrings()
    {
        var b = new AstBuilder("process where cidrMatch(source_address, 12345)");
        var s = b.Event("process", b.Call("cidrMatch(source_address, 12345)", b.Field("source_address"), b.Int(12345)));
        AssertError("error: 1:15: second argument of [cidrMatch(source_address, 12345)] must be [string], found value [12345] type [integer]",
            SingleError(b, s));
    }

    [Fact]
    public void CidrMatchBlocksMustParse()
    {
        var b = new AstBuilder("process where cidrMatch(source_address, \"10.0.0.0/99\")");
        var s = b.Event("process", b.Call("cidrMatch(source_address, \"10.0.0.0/99\")", b.Field("source_address"), b.Str("10.0.0.0/99")));
        AssertError("error: 1:41: [10.0.0.0/99] is not a valid IP address or CIDR block in [cidrMatch(source_address, \"10.0.0.0/99\")]",
            SingleError(b, s));
    }

    [Fact]
    public void ConcatRefusesTextWithoutKeyword()
    {
        var b = new AstBuilder("process where concat(plain_text)");
        var s = b.Event("process", b.Call("concat(plain_text)", b.Field("plain_text")));
        AssertError("error: 1:15: [concat(plain_text)] cannot operate on field of data type [text]: No keyword/multi-field " +
            "defined exact matches for [plain_text]; define one or use MATCH/QUERY instead", SingleError(b, s));
    }

    [Fact]
    public void EndsWithRefusesText()
    {
        var b = new AstBuilder("process where endsWith(plain_text, \"foo\") == true");
        var call = b.Call("endsWith(plain_text, \"foo\")", b.Field("plain_text"), b.Str("foo"));
        var s = b.Event("process", b.Eq("endsWith(plain_text, \"foo\") == true", call, b.Bool(true)));
        AssertError("error: 1:15: [endsWith(plain_text, \"foo\")] cannot operate on first argument field of data type [text]: " +
            "No keyword/multi-field defined exact matches for [plain_text]; define one or use MATCH/QUERY instead", SingleError(b, s));
    }

    [Fact]
    public void IndexOfRefusesTextAsSecondArgument()
    {
        var b = new AstBuilder("process where indexOf(\"bla\", plain_text) == 1");
        var call = b.Call("indexOf(\"bla\", plain_text)", b.Str("bla"), b.Field("plain_text"));
        var s = b.Event("process", b.Eq("indexOf(\"bla\", plain_text) == 1", call, b.Int(1)));
        AssertError("error: 1:15: [indexOf(\"bla\", plain_text)] cannot operate on second argument field of data type [text]: " +
            "No keyword/multi-field defined exact matches for [plain_text]; define one or use MATCH/QUERY instead", SingleError(b, s));
    }

    [Fact]
    public void LengthRefusesText()
    {
        var b = new AstBuilder("process where length(plain_text) > 0");
        var call = b.Call("length(plain_text)", b.Field("plain_text"));
        var s = b.Event("process", b.Cmp("length(plain_text) > 0", ComparisonOperator.GreaterThan, call, b.Int(0)));
        AssertError("error: 1:15: [length(plain_text)] cannot operate on field of data type [text]: " +
            "No keyword/multi-field defined exact matches for [plain_text]; define one or use MATCH/QUERY instead", SingleError(b, s));
    }

    [Fact]
    public void LengthNeedsAString()
    {
        var b = new AstBuilder("process where length(pid) > 0");
        var call = b.Call("length(pid)", b.Field("pid"));
        var s = b.Event("process", b.Cmp("length(pid) > 0", ComparisonOperator.GreaterThan, call, b.Int(0)));
        AssertError("error: 1:15: argument of [length(pid)] must be [string], found value [pid] type [long]", SingleError(b, s));
    }

    [Fact]
    public void UnknownFunctionSuggestsSimilar()
    {
        var b = new AstBuilder("process where match(plain_text, \"foo.*\")");
        var s = b.Event("process", b.Call("match(plain_text, \"foo.*\")", b.Field("plain_text"), b.Str("foo.*")));
        AssertError("error: 1:15: Unknown function [match], did you mean [cidrmatch]?", SingleError(b, s));
    }

    [Fact]
    public void UnknownFunctionWithoutSuggestion()
    {
        var b = new AstBuilder("network where safe(process_name)");
        var s = b.Event("network", b.Call("safe(process_name)", b.Field("process_name")));
        AssertError("error: 1:15: Unknown function [safe]", SingleError(b, s));
    }

    [Fact]
    public void UnknownArrayFunctionSuggestsStringContains()
    {
        var b = new AstBuilder("registry where arrayContains(md5, \"En\")");
        var s = b.Event("registry", b.Call("arrayContains(md5, \"En\")", b.Field("md5"), b.Str("En")));
        AssertError("error: 1:16: Unknown function [arrayContains], did you mean [stringcontains]?", SingleError(b, s));
    }

    [Fact]
    public void NumberOfANumber()
    {
        var b = new AstBuilder("process where number(pid) == 1");
        var s = b.Event("process", b.Eq("number(pid) == 1", b.Call("number(pid)", b.Field("pid")), b.Int(1)));
        AssertError("error: 1:15: first argument of [number(pid)] must be [string], found value [pid] type [long]", SingleError(b, s));
    }

    [Fact]
    public void NumberWithDecimalBase()
    {
        var b = new AstBuilder("process where number(process_name, 1.0) == 1");
        var call = b.Call("number(process_name, 1.0)", b.Field("process_name"), b.Dec("1.0"));
        var s = b.Event("process", b.Eq("number(process_name, 1.0) == 1", call, b.Int(1, 1)));
        AssertError("error: 1:15: second argument of [number(process_name, 1.0)] must be [integer], found value [1.0] type [double]",
            SingleError(b, s));
    }

    [Fact]
    public void NumberOfText()
    {
        var b = new AstBuilder("process where number(plain_text) == 1");
        var s = b.Event("process", b.Eq("number(plain_text) == 1", b.Call("number(plain_text)", b.Field("plain_text")), b.Int(1)));
        AssertError("error: 1:15: [number(plain_text)] cannot operate on first argument field of data type [text]: " +
            "No keyword/multi-field defined exact matches for [plain_text]; define one or use MATCH/QUERY instead", SingleError(b, s));
    }

    [Fact]
    public void StringContainsSecondArgumentMustBeString()
    {
        var b = new AstBuilder("process where stringContains(process_name, 1)");
        var s = b.Event("process", b.Call("stringContains(process_name, 1)", b.Field("process_name"), b.Int(1)));
        AssertError("error: 1:15: second argument of [stringContains(process_name, 1)] must be [string], found value [1] type [integer]",
            SingleError(b, s));
    }

    // Elasticsearch: "line 1:16: error building [stringcontains]: expects exactly two arguments" (its parser column).
    [Fact]
    public void StringContainsArity()
    {
        var b = new AstBuilder("process where stringContains(process_name)");
        var s = b.Event("process", b.Call("stringContains(process_name)", b.Field("process_name")));
        AssertError("error: 1:15: error building [stringcontains]: expects exactly two arguments, found [1]", SingleError(b, s));
    }

    // Elasticsearch: "line 1:16: error building [between]: expects three or four arguments".
    [Fact]
    public void BetweenArity()
    {
        var b = new AstBuilder("process where between(process_name, \"s\") == \"yst\"");
        var call = b.Call("between(process_name, \"s\")", b.Field("process_name"), b.Str("s"));
        var s = b.Event("process", b.Eq("between(process_name, \"s\") == \"yst\"", call, b.Str("yst")));
        AssertError("error: 1:15: error building [between]: expects three or four arguments, found [2]", SingleError(b, s));
    }

    // Elasticsearch: "line 1:16: error building [cidrmatch]: expects at least two arguments".
    [Fact]
    public void CidrMatchArity()
    {
        var b = new AstBuilder("process where cidrMatch(source_address)");
        var s = b.Event("process", b.Call("cidrMatch(source_address)", b.Field("source_address")));
        AssertError("error: 1:15: error building [cidrmatch]: expects at least two arguments, found [1]", SingleError(b, s));
    }

    [Fact]
    public void LikeOnANumber()
    {
        var b = new AstBuilder("process where pid like \"*.exe\"");
        var s = b.Event("process", b.Pattern("pid like \"*.exe\"", PatternOperator.Like, b.Field("pid"), b.Str("*.exe")));
        AssertError("error: 1:15: argument of [pid like \"*.exe\"] must be [string], found value [pid] type [long]", SingleError(b, s));
    }

    [Fact]
    public void ColonOnANumber()
    {
        var b = new AstBuilder("foo where pid : 123");
        var s = b.Event("foo", b.Pattern("pid : 123", PatternOperator.Colon, b.Field("pid"), b.Int(123)));
        AssertError("error: 1:11: first argument of [:] must be [string], found value [pid] type [long]; consider using [==] instead",
            SingleError(b, s));
    }

    [Fact]
    public void RegexPatternMustBeAString()
    {
        var b = new AstBuilder("foo where process_name regex 12");
        var s = b.Event("foo", b.Pattern("process_name regex 12", PatternOperator.Regex, b.Field("process_name"), b.Int(12)));
        AssertError("error: 1:30: second argument of [process_name regex 12] must be [string], found value [12] type [integer]",
            SingleError(b, s));
    }

    [Fact]
    public void SequenceKeysOfDifferentTypes()
    {
        var b = new AstBuilder("sequence [process where true] by pid [process where true] by md5");
        var s = b.Statement(b.Sequence(null,
            b.Stage("[process where true] by pid", b.Where("process where true", "process", b.Bool(true)), b.Field("pid")),
            b.Stage("[process where true] by md5", b.Where("process where true", "process", b.Bool(true, 1)), b.Field("md5"))));
        AssertError("error: 1:62: Sequence key [md5] type [keyword] is incompatible with key [pid] type [long]", SingleError(b, s));
    }

    [Fact]
    public void SequenceKeysDateAndLong()
    {
        var b = new AstBuilder("sequence [process where true] by @timestamp [process where true] by opcode");
        var s = b.Statement(b.Sequence(null,
            b.Stage("[process where true] by @timestamp", b.Where("process where true", "process", b.Bool(true)), b.Field("@timestamp")),
            b.Stage("[process where true] by opcode", b.Where("process where true", "process", b.Bool(true, 1)), b.Field("opcode"))));
        AssertError("error: 1:69: Sequence key [opcode] type [long] is incompatible with key [@timestamp] type [date]", SingleError(b, s));
    }

    [Fact]
    public void SequenceKeysTextAndKeywordAreCompatible()
    {
        var b = new AstBuilder("sequence [process where true] by hostname [process where true] by user_domain");
        var s = b.Statement(b.Sequence(null,
            b.Stage("[process where true] by hostname", b.Where("process where true", "process", b.Bool(true)), b.Field("hostname")),
            b.Stage("[process where true] by user_domain", b.Where("process where true", "process", b.Bool(true, 1)), b.Field("user_domain"))));
        AssertClean(b, s);
    }

    [Theory]
    [InlineData("any where pid", "pid", "LONG")]
    [InlineData("any where @timestamp", "@timestamp", "DATETIME")]
    [InlineData("any where command_line", "command_line", "KEYWORD")]
    [InlineData("any where hostname", "hostname", "TEXT")]
    [InlineData("any where source_address", "source_address", "IP")]
    public void ConditionMustBeBoolean(string query, string field, string typeName)
    {
        var b = new AstBuilder(query);
        var s = b.Event(null, b.Field(field));
        AssertError($"error: 1:11: Condition expression needs to be boolean, found [{typeName}]", SingleError(b, s));
    }

    [Fact]
    public void MixedSetInIn()
    {
        var b = new AstBuilder("foo where pid in (1, \"string\")");
        var s = b.Event("foo", b.In("pid in (1, \"string\")", b.Field("pid"), b.Int(1), b.Str("string")));
        AssertError("error: 1:11: 2nd argument of [pid in (1, \"string\")] must be [long], found value [\"string\"] type [keyword]",
            SingleError(b, s));
    }

    [Fact]
    public void FieldInInList()
    {
        var b = new AstBuilder("process where opcode in (1,3) and process_name in (parent_process_name, \"SYSTEM\")");
        var first = b.In("opcode in (1,3)", b.Field("opcode"), b.Int(1), b.Int(3));
        var second = b.In("process_name in (parent_process_name, \"SYSTEM\")", b.Field("process_name"),
            b.Field("parent_process_name"), b.Str("SYSTEM"));
        var s = b.Event("process", b.And("opcode in (1,3) and process_name in (parent_process_name, \"SYSTEM\")", first, second));
        AssertError("error: 1:35: Comparisons against fields are not (currently) supported; offender [parent_process_name] " +
            "in [process_name in (parent_process_name, \"SYSTEM\")]", SingleError(b, s));
    }

    [Fact]
    public void FieldAgainstField()
    {
        var b = new AstBuilder("process where (serial_event_id<9 and serial_event_id >= 7) or (opcode == pid)");
        var left = b.And("serial_event_id<9 and serial_event_id >= 7",
            b.Cmp("serial_event_id<9", ComparisonOperator.LessThan, b.Field("serial_event_id"), b.Int(9)),
            b.Cmp("serial_event_id >= 7", ComparisonOperator.GreaterThanOrEqual, b.Field("serial_event_id", 1), b.Int(7)));
        var right = b.Eq("opcode == pid", b.Field("opcode"), b.Field("pid"));
        var s = b.Event("process", new LogicalExpression(b.At("(serial_event_id<9 and serial_event_id >= 7) or (opcode == pid)"),
            LogicalOperator.Or, left, right));
        AssertError("error: 1:74: Comparisons against fields are not (currently) supported; offender [pid] in [==]", SingleError(b, s));
        AssertClean(b, s, new EqlAnalyzerOptions { Dialect = EqlDialect.Endgame });
    }

    [Fact]
    public void NestedField()
    {
        var b = new AstBuilder("foo where processes == 0");
        var s = b.Event("foo", b.Eq("processes == 0", b.Field("processes"), b.Int(0)));
        AssertError("error: 1:11: Cannot use field [processes] type [nested] due to nested fields not being supported yet",
            SingleError(b, s));
    }

    [Fact]
    public void FieldUnderNested()
    {
        var b = new AstBuilder("foo where processes.pid == 0");
        var s = b.Event("foo", b.Eq("processes.pid == 0", b.Field("processes.pid"), b.Int(0)));
        AssertError("error: 1:11: Cannot use field [processes.pid] type [long] with unsupported nested type in hierarchy (field [processes])",
            SingleError(b, s));
    }

    [Fact]
    public void GeoPointField()
    {
        var b = new AstBuilder("foo where location == 0");
        var s = b.Event("foo", b.Eq("location == 0", b.Field("location"), b.Int(0)));
        AssertError("error: 1:11: Cannot use field [location] with unsupported type [geo_point]", SingleError(b, s));
    }

    [Fact]
    public void TextMultiFieldWithoutKeyword()
    {
        var b = new AstBuilder("foo where multi_field.english == \"bar\"");
        var s = b.Event("foo", b.Eq("multi_field.english == \"bar\"", b.Field("multi_field.english"), b.Str("bar")));
        AssertError("error: 1:11: [multi_field.english == \"bar\"] cannot operate on first argument field of data type [text]: " +
            "No keyword/multi-field defined exact matches for [english]; define one or use MATCH/QUERY instead", SingleError(b, s));
    }

    [Fact]
    public void TextWithKeywordMultiFieldIsExact()
    {
        var b = new AstBuilder("foo where multi_field == \"bar\"");
        AssertClean(b, b.Event("foo", b.Eq("multi_field == \"bar\"", b.Field("multi_field"), b.Str("bar"))));
    }

    [Fact]
    public void StringOfText()
    {
        var b = new AstBuilder("process where string(multi_field.english) == \"foo\"");
        var call = b.Call("string(multi_field.english)", b.Field("multi_field.english"));
        var s = b.Event("process", b.Eq("string(multi_field.english) == \"foo\"", call, b.Str("foo")));
        AssertError("error: 1:15: [string(multi_field.english)] cannot operate on field of data type [text]: " +
            "No keyword/multi-field defined exact matches for [english]; define one or use MATCH/QUERY instead", SingleError(b, s));
    }

    [Fact]
    public void MismatchedComparisonIsAccepted()
    {
        // Elasticsearch's testQueryOk: "Mismatched type, still ok".
        // Accepted, so never an error; a long compared with text is still worth a warning.
        var b = new AstBuilder("process where serial_event_id == \"abcdef\"");
        var result = EqlAnalyzer.Bind(b.Event("process", b.Eq("serial_event_id == \"abcdef\"", b.Field("serial_event_id"), b.Str("abcdef"))), TestSchemas.EsDefault, null, b.Source);
        var warning = Assert.Single(result.Diagnostics);
        Assert.False(warning.IsError);
        Assert.Contains("compares [long] with [keyword]", warning.ToString(), StringComparison.Ordinal);
    }

    // Elasticsearch: "1:2: A sequence requires a minimum of 2 queries, found [1]" (its parser column).
    [Fact]
    public void SequenceOfOneQuery()
    {
        var b = new AstBuilder("sequence [any where true]");
        var s = b.Statement(b.Sequence(null, b.Stage("[any where true]", b.Where("any where true", null, b.Bool(true)))));
        AssertError("error: 1:1: A sequence requires a minimum of 2 queries, found [1]", SingleError(b, s));
    }

    // Elasticsearch: "1:24: No time unit specified, did you mean [s] as in [30s]?" (its parser column).
    [Fact]
    public void MaxSpanWithoutUnit()
    {
        var b = new AstBuilder("sequence with maxspan=30 [a where true] [b where true]");
        var s = b.Statement(b.Sequence(new TimeSpanLiteral(b.At("30"), 30, ""),
            b.Stage("[a where true]", b.Where("a where true", "a", b.Bool(true))),
            b.Stage("[b where true]", b.Where("b where true", "b", b.Bool(true, 1)))));
        AssertError("error: 1:23: No time unit specified, did you mean [s] as in [30s]?", SingleError(b, s));
        Assert.Empty(EqlAnalyzer.Bind(s, TestSchemas.EsDefault, new EqlAnalyzerOptions { Dialect = EqlDialect.Endgame }, b.Source)
            .Diagnostics.Where(d => d.IsError));
    }

    [Fact]
    public void MaxSpanMustBePositive()
    {
        var b = new AstBuilder("sequence with maxspan=0s [a where true] [b where true]");
        var s = b.Statement(b.Sequence(new TimeSpanLiteral(b.At("0s"), 0, "s"),
            b.Stage("[a where true]", b.Where("a where true", "a", b.Bool(true))),
            b.Stage("[b where true]", b.Where("b where true", "b", b.Bool(true, 1)))));
        AssertError("error: 1:23: A positive maxspan value is required; found [0]", SingleError(b, s));
    }

    [Fact]
    public void MaxSpanUnknownUnit()
    {
        var b = new AstBuilder("sequence with maxspan=5w [a where true] [b where true]");
        var s = b.Statement(b.Sequence(new TimeSpanLiteral(b.At("5w"), 5, "w"),
            b.Stage("[a where true]", b.Where("a where true", "a", b.Bool(true))),
            b.Stage("[b where true]", b.Where("b where true", "b", b.Bool(true, 1)))));
        AssertError("error: 1:23: Unrecognized time unit [w] in [5w], please specify one of [ms, s, m, h, d]", SingleError(b, s));
    }

    [Fact]
    public void InconsistentJoinKeyCount()
    {
        var b = new AstBuilder("sequence [a where true] by pid [b where true]");
        var s = b.Statement(b.Sequence(null,
            b.Stage("[a where true] by pid", b.Where("a where true", "a", b.Bool(true)), b.Field("pid")),
            b.Stage("[b where true]", b.Where("b where true", "b", b.Bool(true, 1)))));
        AssertError("error: 1:32: Inconsistent number of join keys specified; expected [1] but found [0]", SingleError(b, s));
    }

    [Theory]
    [InlineData(0, "error: 1:10: A positive runs value is required; found [0]")]
    [InlineData(101, "error: 1:10: A query cannot be repeated more than 100 times; found [101]")]
    public void RunsLimits(int runs, string expected)
    {
        var b = new AstBuilder("sequence [a where true] with runs=N [b where true]");
        var first = new QueryStage(b.At("[a where true] with runs=N"), b.Where("a where true", "a", b.Bool(true)),
            ValueList<Expression>.Empty, runs, false);
        var s = b.Statement(b.Sequence(null, first, b.Stage("[b where true]", b.Where("b where true", "b", b.Bool(true, 1)))));
        AssertError(expected, SingleError(b, s));
    }

    [Fact]
    public void HeadNeedsANonNegativeInteger()
    {
        var b = new AstBuilder("process where true | head -1");
        var minus = new NegateExpression(b.At("-1"), new IntegerLiteral(b.At("1", 0), 1));
        var s = b.Event("process", b.Bool(true), b.Pipe("head -1", PipeKind.Head, minus));
        AssertError("error: 1:27: Pipe [head] expects a positive integer but found [-1]", SingleError(b, s));
    }

    [Fact]
    public void EndgamePipeIsRefusedByElasticsearchDialect()
    {
        var b = new AstBuilder("process where true | unique process_name");
        var s = b.Event("process", b.Bool(true), b.Pipe("unique process_name", PipeKind.Unique, b.Field("process_name")));
        AssertError("error: 1:22: Pipe [unique] is not supported (an Endgame EQL pipe); Elasticsearch supports only [head] and [tail]",
            SingleError(b, s));
        AssertClean(b, s, new EqlAnalyzerOptions { Dialect = EqlDialect.Endgame });
    }

    [Fact]
    public void LineageIsEndgameOnly()
    {
        var b = new AstBuilder("process where descendant of [file where md5 == \"x\"]");
        var inner = b.Where("file where md5 == \"x\"", "file", b.Eq("md5 == \"x\"", b.Field("md5"), b.Str("x")));
        var s = b.Event("process", new LineageExpression(b.At("descendant of [file where md5 == \"x\"]"), LineageKind.DescendantOf, inner));
        AssertError("error: 1:15: Process relationships are not supported (descendant of, child of and event of are Endgame EQL)",
            SingleError(b, s));
        AssertClean(b, s, new EqlAnalyzerOptions { Dialect = EqlDialect.Endgame });
    }

    [Fact]
    public void JoinIsEndgameOnly()
    {
        var b = new AstBuilder("join [a where true] [b where true]");
        var join = new JoinQuery(b.All, ValueList<Expression>.Empty, ValueList.Of(
            b.Stage("[a where true]", b.Where("a where true", "a", b.Bool(true))),
            b.Stage("[b where true]", b.Where("b where true", "b", b.Bool(true, 1)))), null);
        var s = b.Statement(join);
        AssertError("error: 1:1: Join is not supported (an Endgame EQL construct); use a sequence instead", SingleError(b, s));
        AssertClean(b, s, new EqlAnalyzerOptions { Dialect = EqlDialect.Endgame });
    }

    [Fact]
    public void CaseInsensitiveVariantOnlyWhereElasticsearchHasOne()
    {
        var b = new AstBuilder("process where length~(process_name) > 1");
        var call = b.Call("length~(process_name)", b.Field("process_name"));
        var s = b.Event("process", b.Cmp("length~(process_name) > 1", ComparisonOperator.GreaterThan, call, b.Int(1)));
        AssertError("error: 1:15: Function [length] does not support case-insensitive matching [~]; only between, indexOf, " +
            "startsWith, endsWith and stringContains do", SingleError(b, s));
    }

    [Fact]
    public void AddNeedsNumbers()
    {
        var b = new AstBuilder("process where add(process_name, 1) == 2");
        var call = b.Call("add(process_name, 1)", b.Field("process_name"), b.Int(1));
        var s = b.Event("process", b.Eq("add(process_name, 1) == 2", call, b.Int(2)));
        AssertError("error: 1:15: first argument of [add(process_name, 1)] must be [numeric], found value [process_name] type [keyword]",
            SingleError(b, s));
    }

    [Fact]
    public void ArithmeticOperatorNeedsNumbers()
    {
        var b = new AstBuilder("process where process_name + 1 == 2");
        var sum = b.Arith("process_name + 1", ArithmeticOperator.Add, b.Field("process_name"), b.Int(1));
        var s = b.Event("process", b.Eq("process_name + 1 == 2", sum, b.Int(2)));
        AssertError("error: 1:15: first argument of [process_name + 1] must be [numeric], found value [process_name] type [keyword]",
            SingleError(b, s));
    }

    [Fact]
    public void NotNeedsABoolean()
    {
        var b = new AstBuilder("process where not pid");
        var s = b.Event("process", new NotExpression(b.At("not pid"), b.Field("pid")));
        AssertError("error: 1:15: argument of [not pid] must be [boolean], found value [pid] type [long]", SingleError(b, s));
    }

    [Fact]
    public void MisspelledColumnIsAnErrorWhenAsked()
    {
        var b = new AstBuilder("foo where pib == 1");
        var s = b.Event("foo", b.Eq("pib == 1", b.Field("pib"), b.Int(1)));
        AssertError("error: 1:11: Unknown field [pib], did you mean any of [pid, ppid]?",
            SingleError(b, s, new EqlAnalyzerOptions { UnknownFieldsAreErrors = true }));
    }

    [Fact]
    public void UnknownFieldIsAWarningAndOptionalFieldIsSilent()
    {
        var b = new AstBuilder("foo where md4 == 1 and ?xxx == null");
        var s = b.Event("foo", b.And("md4 == 1 and ?xxx == null",
            b.Eq("md4 == 1", b.Field("md4"), b.Int(1)), b.Eq("?xxx == null", b.Field("?xxx"), b.Null())));
        var result = EqlAnalyzer.Bind(s, TestSchemas.EsDefault, null, b.Source);
        var only = Assert.Single(result.Diagnostics);
        Assert.Equal("warning: 1:11: Unknown field [md4], did you mean [md5]?", only.ToString());
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void SampleNeedsTwoQueriesAndNoMissingEvents()
    {
        var b = new AstBuilder("sample by pid ![a where true]");
        var stage = new QueryStage(b.At("![a where true]"), b.Where("a where true", "a", b.Bool(true)), ValueList<Expression>.Empty, null, true);
        var s = b.Statement(new SampleQuery(b.All, ValueList.Of<Expression>(b.Field("pid")), ValueList.Of(stage)));
        var result = EqlAnalyzer.Bind(s, TestSchemas.EsDefault, null, b.Source);
        Assert.Equal(
            ["error: 1:1: A sample requires a minimum of 2 queries, found [1]",
             "error: 1:15: Missing event queries ![...] are not supported in a sample"],
            result.Diagnostics.Select(d => d.ToString()));
    }
}
