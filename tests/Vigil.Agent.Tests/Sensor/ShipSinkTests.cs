using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Agent.Sensor;

namespace Vigil.Agent.Tests.Sensor;

/// <summary>Shipping to _bulk through a fake receiver (no network): batching, ids, retry, spool while down.</summary>
public sealed class ShipSinkTests
{
    [Fact]
    public void EveryEventArrivesWithItsIdAfterTheReceiverWasDownAndTheSpoolEmpties()
    {
        var spool = Directory.CreateTempSubdirectory("vigil-spool-");
        try
        {
            var receiver = new FakeBulk { Down = true };
            var sink = new ShipSink(new Uri("http://receiver.invalid:9200/"), spool.FullName, TextWriter.Null, receiver);
            var sent = Enumerable.Range(0, 2_500).Select(i => $"id-{i}").ToList();
            foreach (var id in sent)
            {
                sink.Accept(Encoding.UTF8.GetBytes($"{{\"n\":\"{id}\"}}"), "logs-endpoint.events.process-default", id);
            }
            Thread.Sleep(1100);
            sink.Tick(); // the last, partial batch after a second
            Wait(() => Directory.GetFiles(spool.FullName, "*.ndjson").Length >= 3, "the batches were not spooled while the receiver was down");
            Assert.Empty(receiver.Received);
            receiver.Down = false;
            receiver.FailNext = 1; // one 503 after coming back: retried
            Wait(() => Directory.GetFiles(spool.FullName, "*.ndjson").Length == 0, "the spool did not empty once the receiver was up");
            sink.Dispose();
            Assert.Equal(sent.Order(StringComparer.Ordinal), receiver.Received.Distinct().Order(StringComparer.Ordinal));
            Assert.Equal(2_500, sink.Shipped);
            Assert.All(receiver.Urls, u => Assert.Equal("http://receiver.invalid:9200/_bulk", u));
        }
        finally
        {
            spool.Delete(recursive: true);
        }
    }

    [Fact]
    public void BatchesHoldAtMostOneThousandEvents()
    {
        var spool = Directory.CreateTempSubdirectory("vigil-spool-");
        try
        {
            var receiver = new FakeBulk();
            using (var sink = new ShipSink(new Uri("http://receiver.invalid/"), spool.FullName, TextWriter.Null, receiver))
            {
                for (var i = 0; i < 2_001; i++)
                {
                    sink.Accept("{}"u8, "logs-endpoint.events.network-default", $"e{i}");
                }
            }
            Assert.Equal([1000, 1000, 1], receiver.BatchSizes);
        }
        finally
        {
            spool.Delete(recursive: true);
        }
    }

    private static void Wait(Func<bool> condition, string message)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), message);
            Thread.Sleep(50);
        }
    }

    private sealed class FakeBulk : HttpMessageHandler
    {
        public volatile bool Down;
        public int FailNext;

        public ConcurrentQueue<string> Received { get; } = new();

        public ConcurrentQueue<string> Urls { get; } = new();

        public List<int> BatchSizes { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new HttpRequestException("connection refused (fake)");
            }
            Urls.Enqueue(request.RequestUri!.ToString());
            if (Interlocked.Decrement(ref FailNext) >= 0)
            {
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }
            var lines = (await request.Content!.ReadAsStringAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lock (BatchSizes)
            {
                BatchSizes.Add(lines.Length / 2);
            }
            for (var i = 0; i < lines.Length; i += 2)
            {
                Received.Enqueue(JsonDocument.Parse(lines[i]).RootElement.GetProperty("index").GetProperty("_id").GetString()!);
            }
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"errors\":false,\"items\":[]}") };
        }
    }
}
