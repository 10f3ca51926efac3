using System.Text;
using Vigil.Cluster;
using Vigil.Server.Cluster;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Cluster;

/// <summary>What cluster-mode ingest puts on the stream, and what an owner appends from it.</summary>
public sealed class ClusterMessageTests
{
    [Theory]
    [InlineData("""{"host":{"name":"a","id":"h-1"},"x":1}""", "h-1")]
    [InlineData("""{"@timestamp":"2026-01-01T00:00:00Z","host.id":"dotted"}""", "dotted")]
    [InlineData("""{"host":{"id":42}}""", "42")]
    [InlineData("""{"process":{"host":{"id":"not-this"}},"host":{"os":{"id":"nor-this"},"id":"this"}}""", "this")]
    [InlineData("""{"host":{"name":"no id"}}""", "")]
    [InlineData("""{"host":{"id":null}}""", "")]
    [InlineData("""[1,2]""", "")]
    [InlineData("""{"host":{"id":""", "")]
    [InlineData("", "")]
    public void The_partition_key_is_host_id_nested_or_dotted_and_nothing_else(string line, string expected)
    {
        Assert.Equal(expected, HostIdReader.Read(Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public void An_event_comes_back_from_its_message_with_the_same_line_index_id_and_times()
    {
        var ts = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero).AddTicks(1234567);
        var ingested = ts.AddSeconds(3);
        var source = Encoding.UTF8.GetBytes("""{"host":{"id":"h.1"},"n":1}""");
        var incoming = new IncomingEvent("logs-endpoint.events.process-default", "id-1", source, ts, ingested);
        var message = EventMessages.ToMessage(incoming);
        Assert.Equal("h.1", message.HostId);
        Assert.Equal("logs-endpoint.events.process-default/id-1", message.MessageId);

        var stored = new StreamMessage(7, 0, ClusterSubjects.Event("h.1"), message.Headers, message.Body.ToArray());
        var back = EventMessages.FromMessage(stored);
        Assert.NotNull(back);
        Assert.Equal(incoming.Index, back.Index);
        Assert.Equal(incoming.Id, back.Id);
        Assert.Equal(ts, back.Timestamp);
        Assert.Equal(ingested, back.Ingested);
        Assert.Equal(source, back.LineToArray());
    }

    [Fact]
    public void A_message_without_vigils_headers_is_not_an_event()
    {
        Assert.Null(EventMessages.FromMessage(new StreamMessage(1, 0, "vigil.p.0.x", null, "{}"u8.ToArray())));
        var headers = new NATS.Client.Core.NatsHeaders { [EventMessages.IndexHeader] = "i", [EventMessages.IdHeader] = "d", [EventMessages.IngestedHeader] = "-5" };
        Assert.Null(EventMessages.FromMessage(new StreamMessage(1, 0, "vigil.p.0.x", headers, "{}"u8.ToArray())));
    }
}
