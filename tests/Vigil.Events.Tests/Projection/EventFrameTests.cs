using System.Text;
using Vigil.Events.Projection;

namespace Vigil.Events.Tests.Projection;

public sealed class EventFrameTests
{
    private static EventFrame Load(string json, params string[] paths)
    {
        var frame = new EventFrame(new FieldLayout(paths));
        var result = frame.Load(Encoding.UTF8.GetBytes(json));
        Assert.True(result.Success, result.Error);
        return frame;
    }

    private static string Text(EventFrame frame, int slot, int index = 0) => frame.StringOf(frame.ValueOf(slot, index));

    [Fact]
    public void NestedObjectsAndDottedKeysAddressTheSameField()
    {
        Assert.Equal("cat", Text(Load("""{"process":{"name":"cat"}}""", "process.name"), 0));
        Assert.Equal("cat", Text(Load("""{"process.name":"cat"}""", "process.name"), 0));
        Assert.Equal("cat", Text(Load("""{"a":{"b.c":{"d":"cat"}}}""", "a.b.c.d"), 0));
    }

    [Fact]
    public void ArraysAreMultiValuesAndNullsAreSkipped()
    {
        var frame = Load("""{"tags":["x",null,["y"]],"objs":[{"v":1},{"v":2}],"none":null,"empty":[]}""", "tags", "objs.v", "none", "empty");
        Assert.Equal(2, frame.CountOf(0));
        Assert.Equal("y", Text(frame, 0, 1));
        Assert.Equal(2, frame.CountOf(1));
        Assert.Equal(2, frame.ValueOf(1, 1).Integer);
        Assert.Equal(0, frame.CountOf(2));
        Assert.Equal(0, frame.CountOf(3));
    }

    [Fact]
    public void NumbersKeepIntegerVersusDecimal()
    {
        var frame = Load("""{"i":9007199254740993,"d":1.0,"e":1e3,"b":true}""", "i", "d", "e", "b");
        Assert.Equal(FieldValueKind.Integer, frame.ValueOf(0, 0).Kind);
        Assert.Equal(9007199254740993, frame.ValueOf(0, 0).Integer);
        Assert.Equal(FieldValueKind.Decimal, frame.ValueOf(1, 0).Kind);
        Assert.Equal(FieldValueKind.Decimal, frame.ValueOf(2, 0).Kind);
        Assert.Equal(FieldValueKind.True, frame.ValueOf(3, 0).Kind);
    }

    [Fact]
    public void AnEscapedLoneSurrogateIsTheReplacementCharacterNotAnException()
    {
        // A fuzz find: System.Text.Json throws when it unescapes one; Elasticsearch indexes it as U+FFFD.
        var frame = Load("{\"process\":{\"name\":\"\\udd68cat\"},\"\\ud800k\":\"v\"}", "process.name", "\uFFFDk");
        Assert.Equal("\uFFFDcat", Text(frame, 0));
        Assert.Equal("v", Text(frame, 1));
    }

    [Fact]
    public void StringsAreSlicesUnlessEscaped()
    {
        var frame = Load("""{"plain":"abc","esc":"a\u0063\n","\u006bey":"k"}""", "plain", "esc", "key");
        Assert.False(frame.ValueOf(0, 0).InArena);
        Assert.Equal("abc", Text(frame, 0));
        Assert.True(frame.ValueOf(1, 0).InArena);
        Assert.Equal("ac\n", Text(frame, 1));
        Assert.Equal("k", Text(frame, 2));
    }

    [Fact]
    public void UnreferencedSubtreesAreSkippedAndTheFrameIsReusable()
    {
        var frame = new EventFrame(new FieldLayout(["a"]));
        Assert.True(frame.Load("""{"big":{"x":[1,2,{"y":[3]}]},"a":"first"}"""u8).Success);
        Assert.Equal("first", Text(frame, 0));
        Assert.True(frame.Load("""{"a":["second","third"]}"""u8).Success);
        Assert.Equal(2, frame.CountOf(0));
        Assert.Equal("third", Text(frame, 0, 1));
        Assert.True(frame.Load("""{}"""u8).Success);
        Assert.Equal(0, frame.CountOf(0));
    }

    [Theory]
    [InlineData("{\"a\": 1,\n \"b\": }", 2, 7)]
    [InlineData("[1]", 1, 1)]
    [InlineData("{\"a\": 1} x", 1, 10)]
    [InlineData("", 1, 1)]
    public void InvalidJsonIsReportedWithLineAndColumn(string json, long line, long column)
    {
        var frame = new EventFrame(new FieldLayout(["a"]));
        var result = frame.Load(Encoding.UTF8.GetBytes(json));
        Assert.False(result.Success);
        Assert.Equal(line, result.Line);
        Assert.Equal(column, result.Column);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Theory]
    [InlineData("2017-08-30T20:47:33Z", 1504126053000000000)]
    [InlineData("1974-03-03T02:22:54.294365140Z", 131509374294365140)]
    [InlineData("2020-01-01T01:00:00+01:00", 1577836800000000000)]
    [InlineData("1516116808349", 1516116808349000000)]
    [InlineData("131509374020.510000", 131509374020510000)]
    public void TimestampsParseToEpochNanos(string text, long expected)
    {
        Assert.True(EventTimestamp.TryParse(text.AsSpan(), out var nanos));
        Assert.Equal(expected, nanos);
    }
}
