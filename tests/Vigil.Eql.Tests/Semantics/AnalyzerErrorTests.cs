using Vigil.Eql.Semantics;

namespace Vigil.Eql.Tests.Semantics;

/// <summary>
/// The same hand-checked errors as <see cref="BinderErrorTests"/>, this time from query text through the parser, so
/// the parser's spans and the binder's messages agree end to end. Expected values are Elasticsearch's messages and
/// positions (see BinderErrorTests for the few column differences of Elasticsearch's parser errors).
/// </summary>
public sealed class AnalyzerErrorTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "process where between(process_name, 1, 2)",
          "error: 1:15: second argument of [between(process_name, 1, 2)] must be [string], found value [1] type [integer]" },
        { "process where between(process_name, \"s\", \"e\", 1)",
          "error: 1:15: fourth argument of [between(process_name, \"s\", \"e\", 1)] must be [boolean], found value [1] type [integer]" },
        { "process where cidrMatch(source_address, hostname)",
          "error: 1:15: second argument of [cidrMatch(source_address, hostname)] must be a constant, received [hostname]" },
        { "process where cidrMatch(hostname, \"10.0.0.0/8\")",
          "error: 1:15: first argument of [cidrMatch(hostname, \"10.0.0.0/8\")] must be [ip], found value [hostname] type [text]" },
        { "process where cidrMatch(source_address, 12345)",
          "error: 1:15: second argument of [cidrMatch(source_address, 12345)] must be [string], found value [12345] type [integer]" },
        { "process where concat(plain_text)",
          "error: 1:15: [concat(plain_text)] cannot operate on field of data type [text]: No keyword/multi-field defined exact matches for [plain_text]; define one or use MATCH/QUERY instead" },
        { "process where endsWith(plain_text, \"foo\") == true",
          "error: 1:15: [endsWith(plain_text, \"foo\")] cannot operate on first argument field of data type [text]: No keyword/multi-field defined exact matches for [plain_text]; define one or use MATCH/QUERY instead" },
        { "process where indexOf(\"bla\", plain_text) == 1",
          "error: 1:15: [indexOf(\"bla\", plain_text)] cannot operate on second argument field of data type [text]: No keyword/multi-field defined exact matches for [plain_text]; define one or use MATCH/QUERY instead" },
        { "process where length(plain_text) > 0",
          "error: 1:15: [length(plain_text)] cannot operate on field of data type [text]: No keyword/multi-field defined exact matches for [plain_text]; define one or use MATCH/QUERY instead" },
        { "process where match(plain_text, \"foo.*\")", "error: 1:15: Unknown function [match], did you mean [cidrmatch]?" },
        { "network where safe(process_name)", "error: 1:15: Unknown function [safe]" },
        { "registry where arrayContains(md5, \"En\")", "error: 1:16: Unknown function [arrayContains], did you mean [stringcontains]?" },
        { "process where number(pid) == 1",
          "error: 1:15: first argument of [number(pid)] must be [string], found value [pid] type [long]" },
        { "process where number(process_name, 1.0) == 1",
          "error: 1:15: second argument of [number(process_name, 1.0)] must be [integer], found value [1.0] type [double]" },
        { "process where stringContains(process_name, 1)",
          "error: 1:15: second argument of [stringContains(process_name, 1)] must be [string], found value [1] type [integer]" },
        { "process where pid like \"*.exe\"",
          "error: 1:15: argument of [pid like \"*.exe\"] must be [string], found value [pid] type [long]" },
        { "foo where pid : 123",
          "error: 1:11: first argument of [:] must be [string], found value [pid] type [long]; consider using [==] instead" },
        { "sequence [process where true] by pid [process where true] by md5",
          "error: 1:62: Sequence key [md5] type [keyword] is incompatible with key [pid] type [long]" },
        { "sequence [process where true] by @timestamp [process where true] by opcode",
          "error: 1:69: Sequence key [opcode] type [long] is incompatible with key [@timestamp] type [date]" },
        { "any where pid", "error: 1:11: Condition expression needs to be boolean, found [LONG]" },
        { "any where @timestamp", "error: 1:11: Condition expression needs to be boolean, found [DATETIME]" },
        { "any where command_line", "error: 1:11: Condition expression needs to be boolean, found [KEYWORD]" },
        { "any where hostname", "error: 1:11: Condition expression needs to be boolean, found [TEXT]" },
        { "any where source_address", "error: 1:11: Condition expression needs to be boolean, found [IP]" },
        { "foo where pid in (1, \"string\")",
          "error: 1:11: 2nd argument of [pid in (1, \"string\")] must be [long], found value [\"string\"] type [keyword]" },
        { "process where opcode in (1,3) and process_name in (parent_process_name, \"SYSTEM\")",
          "error: 1:35: Comparisons against fields are not (currently) supported; offender [parent_process_name] in [process_name in (parent_process_name, \"SYSTEM\")]" },
        { "process where (serial_event_id<9 and serial_event_id >= 7) or (opcode == pid)",
          "error: 1:74: Comparisons against fields are not (currently) supported; offender [pid] in [==]" },
        { "foo where processes == 0",
          "error: 1:11: Cannot use field [processes] type [nested] due to nested fields not being supported yet" },
        { "foo where processes.pid == 0",
          "error: 1:11: Cannot use field [processes.pid] type [long] with unsupported nested type in hierarchy (field [processes])" },
        { "foo where location == 0", "error: 1:11: Cannot use field [location] with unsupported type [geo_point]" },
        { "foo where multi_field.english == \"bar\"",
          "error: 1:11: [multi_field.english == \"bar\"] cannot operate on first argument field of data type [text]: No keyword/multi-field defined exact matches for [english]; define one or use MATCH/QUERY instead" },
        { "process where string(multi_field.english) == \"foo\"",
          "error: 1:15: [string(multi_field.english)] cannot operate on field of data type [text]: No keyword/multi-field defined exact matches for [english]; define one or use MATCH/QUERY instead" },
        { "process where add(process_name, 1) == 2",
          "error: 1:15: first argument of [add(process_name, 1)] must be [numeric], found value [process_name] type [keyword]" },
        { "process where not pid", "error: 1:15: argument of [not pid] must be [boolean], found value [pid] type [long]" },
        { "process where length~(process_name) > 1",
          "error: 1:15: Function [length] does not support case-insensitive matching [~]; only between, indexOf, startsWith, endsWith and stringContains do" },
        { "sequence with maxspan=1s [a where true] ![b where true]", null! },
        { "sequence [a where true] ![b where true]",
          "error: 1:1: A sequence with missing event queries ![...] requires [maxspan]; found none" },
        { "sequence with maxspan=1s ![a where true] ![b where true]",
          "error: 1:1: A sequence requires at least one positive event query; found none" },
        { "sequence by pid [a where true] with runs=2", null! },
        { "process where cidrMatch(source_address, \"10.0.0.0/8\", \"::1\", \"fe80::/10\", \"10.1.2.3/8\")", null! },
        { "process where cidrMatch(source_address, \"10.0.0.0/8\", \"300.0.0.0/8\")",
          "error: 1:55: [300.0.0.0/8] is not a valid IP address or CIDR block in [cidrMatch(source_address, \"10.0.0.0/8\", \"300.0.0.0/8\")]" },
        { "process where cidrMatch(source_address, \"10.0.0.0/33\")",
          "error: 1:41: [10.0.0.0/33] is not a valid IP address or CIDR block in [cidrMatch(source_address, \"10.0.0.0/33\")]" },
        { "process where startsWith~(process_name, \"a\") and endsWith~(md5, \"b\") and stringContains~(md5, \"c\") and indexOf~(md5, \"c\") == 0 and between~(md5, \"a\", \"b\") == \"x\"", null! },
    };

    // Sequence length, join-key counts, maxspan and head/tail arguments are already refused by the parser, in its own words; the
    // binder's versions of those checks are covered with hand-built trees in BinderErrorTests.
    [Fact]
    public void ParseErrorsComeBackWithoutAStatement()
    {
        var result = EqlAnalyzer.Analyze("process where true | head -1", TestSchemas.EsDefault);
        Assert.Null(result.Statement);
        Assert.True(result.HasErrors);
        Assert.Empty(result.FieldTypes);
    }

    [Fact]
    public void BoundFormResolvesFieldsAndFunctions()
    {
        var result = EqlAnalyzer.Analyze("process where startsWith~(process_name, \"a\") and pid > length(md5)", TestSchemas.EsDefault);
        Assert.True(result.Success);
        var fields = result.FieldTypes.ToDictionary(p => p.Key.Path, p => p.Value);
        Assert.Equal(FieldType.Keyword, fields["process_name"]);
        Assert.Equal(FieldType.Long, fields["pid"]);
        Assert.Equal(FieldType.Keyword, fields["md5"]);
        Assert.Equal([EqlFunction.Length, EqlFunction.StartsWith], result.Functions.Values.OrderBy(f => f).ToArray());
        var length = result.Functions.Single(p => p.Value == EqlFunction.Length).Key;
        Assert.Equal(FieldType.Integer, result.ExpressionTypes[length]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ErrorFromQueryText(string query, string? expected)
    {
        var result = EqlAnalyzer.Analyze(query, TestSchemas.EsDefault);
        var errors = result.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();
        if (expected is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal([expected], errors);
        }
    }
}
