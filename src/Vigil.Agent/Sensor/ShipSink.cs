using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Agent.Sensor;

/// <summary>
/// Ships events to an Elasticsearch-compatible <c>_bulk</c> endpoint (<c>vigil serve</c> or Elasticsearch): batches
/// of up to <see cref="BatchSize"/> events or one second, each event as an <c>index</c> action with its
/// deterministic id (a batch sent twice lands on the same documents). A batch the receiver did not take is written
/// to the spool directory and retried with back-off (0.5 s doubling to 30 s); spooled batches, also those left by an
/// earlier run, go first, oldest first. Items the receiver rejects for good (4xx other than 429) are logged.
/// </summary>
public sealed class ShipSink : IEventSink, IDisposable
{
    public const int BatchSize = 1000;
    private const int MemoryBatches = 8;

    private readonly Uri bulk;
    private readonly string spool;
    private readonly TextWriter log;
    private readonly HttpClient http;
    private readonly BlockingCollection<byte[]> queue = new(MemoryBatches);
    private readonly CancellationTokenSource stop = new();
    private readonly Thread sender;
    private MemoryStream batch = new();
    private int batchCount;
    private long batchStarted = Stopwatch.GetTimestamp();
    private long spoolSequence;

    public ShipSink(Uri url, string spoolDirectory, TextWriter log, HttpMessageHandler? handler = null)
    {
        bulk = new Uri(url, url.AbsolutePath.TrimEnd('/') + "/_bulk");
        spool = spoolDirectory;
        this.log = log;
        Directory.CreateDirectory(spool);
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.Timeout = TimeSpan.FromSeconds(30);
        sender = new Thread(Send) { IsBackground = true, Name = "vigil agent shipper" };
        sender.Start();
    }

    /// <summary>Events the receiver has acknowledged.</summary>
    public long Shipped => Interlocked.Read(ref shipped);

    private long shipped;

    public void Accept(ReadOnlySpan<byte> json, string index, string id)
    {
        batch.Write("{\"index\":{\"_index\":\""u8);
        batch.Write(Encoding.UTF8.GetBytes(index));
        batch.Write("\",\"_id\":\""u8);
        batch.Write(Encoding.UTF8.GetBytes(id));
        batch.Write("\"}}\n"u8);
        batch.Write(json);
        batch.WriteByte((byte)'\n');
        if (++batchCount >= BatchSize)
        {
            Seal();
        }
    }

    public void Tick()
    {
        if (batchCount > 0 && Stopwatch.GetElapsedTime(batchStarted) >= TimeSpan.FromSeconds(1))
        {
            Seal();
        }
    }

    private void Seal()
    {
        var bytes = batch.ToArray();
        batch = new MemoryStream();
        batchCount = 0;
        batchStarted = Stopwatch.GetTimestamp();
        if (!queue.TryAdd(bytes))
        {
            SpoolBatch(bytes); // the receiver is behind or down: keep it on disk, not in memory
        }
    }

    private string SpoolBatch(byte[] bytes)
    {
        var name = Path.Combine(spool, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Interlocked.Increment(ref spoolSequence):D8}.ndjson");
        File.WriteAllBytes(name + ".tmp", bytes);
        File.Move(name + ".tmp", name);
        return name;
    }

    private void Send()
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!stop.IsCancellationRequested)
        {
            var spooled = Directory.GetFiles(spool, "*.ndjson").Order(StringComparer.Ordinal).FirstOrDefault();
            byte[]? bytes;
            if (spooled is not null)
            {
                bytes = File.ReadAllBytes(spooled);
            }
            else if (!queue.TryTake(out bytes, 200))
            {
                continue;
            }
            if (TryPost(bytes))
            {
                if (spooled is not null)
                {
                    File.Delete(spooled);
                }
                backoff = TimeSpan.FromMilliseconds(500);
                continue;
            }
            if (spooled is null)
            {
                SpoolBatch(bytes);
            }
            // The receiver is down: what waits in memory goes to disk too (it survives a restart of the agent).
            while (queue.TryTake(out var waiting))
            {
                SpoolBatch(waiting);
            }
            stop.Token.WaitHandle.WaitOne(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    // True when the receiver took the batch (items it rejects for good are logged, not retried).
    private bool TryPost(byte[] bytes)
    {
        try
        {
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
            using var response = http.PostAsync(bulk, content, stop.Token).GetAwaiter().GetResult();
            var body = response.Content.ReadAsStringAsync(stop.Token).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                log.WriteLine($"vigil agent: {bulk} answered {(int)response.StatusCode}; the batch is spooled and retried");
                return false;
            }
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.True)
            {
                var retry = false;
                foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
                {
                    var result = item.EnumerateObject().First().Value;
                    var status = result.TryGetProperty("status", out var s) ? s.GetInt32() : 200;
                    if (status is 429 or >= 500)
                    {
                        retry = true;
                    }
                    else if (status >= 400)
                    {
                        log.WriteLine($"vigil agent: {bulk} rejected event {result.GetProperty("_id").GetString()} ({status.ToString(CultureInfo.InvariantCulture)}): {result.GetProperty("error")}");
                    }
                }
                if (retry)
                {
                    return false;
                }
            }
            Interlocked.Add(ref shipped, bytes.AsSpan().Count((byte)'\n') / 2);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException or InvalidOperationException or KeyNotFoundException)
        {
            if (!stop.IsCancellationRequested)
            {
                log.WriteLine($"vigil agent: cannot ship to {bulk} ({e.Message}); the batch is spooled and retried");
            }
            return false;
        }
    }

    /// <summary>Seals the last batch, gives the sender five seconds to deliver, and spools whatever is left.</summary>
    public void Dispose()
    {
        if (batchCount > 0)
        {
            Seal();
        }
        queue.CompleteAdding();
        var deadline = Stopwatch.StartNew();
        while (queue.Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(50);
        }
        stop.Cancel();
        sender.Join(TimeSpan.FromSeconds(35));
        while (queue.TryTake(out var left))
        {
            SpoolBatch(left);
        }
        http.Dispose();
        stop.Dispose();
        queue.Dispose();
    }
}
