using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

public sealed class EventIndexTests
{
    [Fact]
    public void EnvelopeIndexWins() =>
        Assert.Equal("my-index", EventIndex.Resolve("my-index"u8,
            "{\"data_stream\":{\"type\":\"logs\",\"dataset\":\"endpoint.events.process\",\"namespace\":\"default\"}}"u8, "given"));

    [Fact]
    public void DataStreamNestedOrDotted()
    {
        Assert.Equal("logs-endpoint.events.process-default", EventIndex.Resolve(default,
            "{\"a\":{\"b\":[1]},\"data_stream\":{\"type\":\"logs\",\"dataset\":\"endpoint.events.process\",\"namespace\":\"default\"}}"u8, "given"));
        Assert.Equal("logs-endpoint.events.network-prod", EventIndex.Resolve(default,
            "{\"data_stream.type\":\"logs\",\"data_stream.dataset\":\"endpoint.events.network\",\"data_stream.namespace\":\"prod\"}"u8, null));
    }

    [Fact]
    public void IncompleteDataStreamFallsBackToTheGivenIndex()
    {
        Assert.Equal("given", EventIndex.Resolve(default, "{\"data_stream\":{\"type\":\"logs\",\"dataset\":\"x\"}}"u8, "given"));
        Assert.Equal("given", EventIndex.Resolve(default, "{\"broken\":"u8, "given"));
        Assert.Null(EventIndex.Resolve(default, "{}"u8, null));
    }
}
