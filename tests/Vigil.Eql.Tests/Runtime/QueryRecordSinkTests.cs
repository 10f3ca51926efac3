using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Events.Readers;

namespace Vigil.Eql.Tests.Runtime;

public sealed class QueryRecordSinkTests
{
    [Fact]
    public void StreamsRecordsAndCollectsBadOnesWithTheirPlace()
    {
        var compiled = EqlCompiler.Compile(EqlParser.Parse("sequence by user [a where true] [b where true]").Statement!);
        var runner = new QueryRunner(compiled);
        var sink = new QueryRecordSink(runner);
        sink.Accept(new RecordOrigin("f.ndjson", 1, 0), """{"@timestamp": 1, "event": {"category": "a"}, "user": "u"}"""u8, default, default);
        sink.Accept(new RecordOrigin("f.ndjson", 2, 60), """{"@timestamp": 2, "event": """u8, default, default);
        sink.Reject(new InputError("f.ndjson", 3, null, "line too long"));
        sink.Accept(new RecordOrigin("f.ndjson", 4, 99), """{"@timestamp": 3, "event": {"category": "b"}, "user": "u"}"""u8, default, default);
        var result = runner.Finish();
        Assert.Single(result.Sequences);
        Assert.Equal(["u"], result.Sequences[0].JoinKeys);
        Assert.Equal(2, sink.Errors.Count);
        Assert.Equal(("f.ndjson", 2L), (sink.Errors[0].Source, sink.Errors[0].Line));
        Assert.Equal(3, sink.Errors[1].Line);
    }
}
