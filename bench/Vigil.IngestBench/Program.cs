using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vigil.IngestBench;
using Vigil.Server;
using Vigil.Server.Hosting;

// Usage: Vigil.IngestBench EVENTS.ndjson [--batch N] [--clients N] [--rounds N] [--store discard|segment] [--url URL]
//        [--take N] [--index NAME]
// Sends EVENTS as _bulk create requests of N events (default 5000) from one client (one connection each) to an
// in-process server on 127.0.0.1 (or to --url, e.g. a running `vigil serve`), and prints events/s and MB/s.
// --take sends only the first N events and --index puts them all in one index: a warm-up of a running server (JIT,
// pools) into an index no rule reads, so the measured round is the steady state.
if (args.Length == 0 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Vigil.IngestBench EVENTS.ndjson [--batch 5000] [--clients 1] [--rounds 3] [--store discard|segment] [--url URL]");
    return 2;
}
string Arg(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
int batch = int.Parse(Arg("--batch", "5000"), CultureInfo.InvariantCulture);
int clients = int.Parse(Arg("--clients", "1"), CultureInfo.InvariantCulture);
int rounds = int.Parse(Arg("--rounds", "3"), CultureInfo.InvariantCulture);
string store = Arg("--store", "discard");
string? url = Arg("--url", "") is { Length: > 0 } u ? u : null;
long take = long.Parse(Arg("--take", long.MaxValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
string? onlyIndex = Arg("--index", "") is { Length: > 0 } i ? i : null;

// Bodies built before timing: one action line per event, the index from its data_stream, as Elastic Agent sends.
var bodies = new List<byte[]>();
long documentBytes = 0;
long eventCount = 0;
var current = new MemoryStream();
int inBatch = 0;
foreach (string line in File.ReadLines(args[0]))
{
    if (line.Length == 0)
    {
        continue;
    }
    if (eventCount == take)
    {
        break;
    }
    string index = onlyIndex ?? "logs-generic-default";
    using (var json = JsonDocument.Parse(line))
    {
        if (onlyIndex is null && json.RootElement.TryGetProperty("data_stream", out var ds))
        {
            index = $"{ds.GetProperty("type").GetString()}-{ds.GetProperty("dataset").GetString()}-{ds.GetProperty("namespace").GetString()}";
        }
    }
    current.Write(Encoding.UTF8.GetBytes("{\"create\":{\"_index\":\"" + index + "\"}}\n"));
    byte[] doc = Encoding.UTF8.GetBytes(line);
    current.Write(doc);
    current.WriteByte((byte)'\n');
    documentBytes += doc.Length + 1;
    eventCount++;
    if (++inBatch == batch)
    {
        bodies.Add(current.ToArray());
        current = new MemoryStream();
        inBatch = 0;
    }
}
if (inBatch > 0)
{
    bodies.Add(current.ToArray());
}
long requestBytes = bodies.Sum(b => (long)b.Length);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{eventCount} events, {documentBytes / 1e6:F1} MB of documents ({requestBytes / 1e6:F1} MB of _bulk bodies), {bodies.Count} requests of {batch}, {clients} client(s), {Environment.ProcessorCount} cores"));

if (args.Contains("--direct"))
{
    // The ingest path without HTTP: split, check and prepare every document, hand it to a discarding store.
    var context = new ServerContext
    {
        Options = new ServerOptions { DataDirectory = Path.GetTempPath() },
        Clock = new Vigil.Server.Clock.SystemClock(),
        Events = new DiscardingEventStore(),
        Alerts = null!,
        Log = _ => { },
    };
    var ingester = new Vigil.Server.Ingest.DocumentIngester(context);
    for (int round = 1; round <= rounds; round++)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (byte[] body in bodies)
        {
            var operations = new List<Vigil.Server.Ingest.BulkOperation>(batch);
            Vigil.Server.Ingest.BulkRequestParser.Parse(body, null, operations);
            var results = await ingester.IngestAsync(operations, CancellationToken.None);
            var sink = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
            Vigil.Server.Ingest.BulkResponseWriter.WriteBulk(sink, results, 0);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"direct round {round}: {seconds:F2} s, {eventCount / seconds:F0} events/s, {documentBytes / 1e6 / seconds:F1} MB/s, CPU {cpuSeconds:F2} s ({eventCount / cpuSeconds:F0} events per CPU-second)"));
    }
    return 0;
}

VigilServer? server = null;
string data = Path.Combine(Path.GetTempPath(), "vigil-ingest-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
if (url is null)
{
    var stores = store == "discard" ? new ServerStores { Events = _ => new DiscardingEventStore() } : new ServerStores();
    server = await VigilServer.StartAsync(new ServerOptions { DataDirectory = data, Listen = "127.0.0.1:0" }, _ => { }, stores);
    url = server.BaseAddress.ToString();
    Console.WriteLine($"in-process server at {url}, store: {store}");
}

for (int round = 1; round <= rounds; round++)
{
    var clock = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var pause = GC.GetTotalPauseDuration();
    int next = -1;
    long failedItems = 0;
    var workers = Enumerable.Range(0, clients).Select(async _ =>
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        // One answer buffer per client, reused: a bulk writer reads each answer and drops it (a fresh array per
        // answer, as ReadAsByteArrayAsync makes, cost the client a copy and the page faults of new memory each time).
        var answerBuffer = new byte[1 << 20];
        int i;
        while ((i = Interlocked.Increment(ref next)) < bodies.Count)
        {
            using var content = new ByteArrayContent(bodies[i]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/_bulk", UriKind.Relative)) { Content = content };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            int answerLength = 0;
            await using (var stream = await response.Content.ReadAsStreamAsync())
            {
                int read;
                while ((read = await stream.ReadAsync(answerBuffer.AsMemory(answerLength))) > 0)
                {
                    answerLength += read;
                    if (answerLength == answerBuffer.Length)
                    {
                        Array.Resize(ref answerBuffer, answerBuffer.Length * 2);
                    }
                }
            }
            var answer = answerBuffer.AsMemory(0, answerLength);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer.Span)}");
            }
            // "errors":true appears near the start; count failed items only when there are some.
            if (answer.Span[..Math.Min(answer.Length, 64)].IndexOf("\"errors\":true"u8) >= 0)
            {
                using var parsed = JsonDocument.Parse(answer);
                Interlocked.Add(ref failedItems, parsed.RootElement.GetProperty("items").EnumerateArray().Count(item => item.EnumerateObject().First().Value.TryGetProperty("error", out var _)));
            }
        }
    }).ToArray();
    await Task.WhenAll(workers);
    double seconds = clock.Elapsed.TotalSeconds;
    double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round}: {seconds:F2} s, {eventCount / seconds:F0} events/s, {documentBytes / 1e6 / seconds:F1} MB/s of documents, process CPU {cpuSeconds:F2} s ({cpuSeconds / seconds:F2} cores), failed items {failedItems}; GCs {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} (gen 0/1/2), paused {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms"));
}

// Where the CPU went, by thread name (utime+stime from /proc, in seconds): the store's writer, the thread pool
// (Kestrel, parsing, checking; the client's work too when the server is in-process), the GC.
if (OperatingSystem.IsLinux())
{
    var byName = new SortedDictionary<string, double>(StringComparer.Ordinal);
    foreach (string task in Directory.GetDirectories("/proc/self/task"))
    {
        try
        {
            string name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
            string stat = File.ReadAllText(Path.Combine(task, "stat"));
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            byName[name] = byName.GetValueOrDefault(name) + ticks / 100;
        }
        catch (IOException)
        {
            // the thread ended meanwhile
        }
    }
    Console.WriteLine("CPU by thread: " + string.Join(", ", byName.Where(kv => kv.Value >= 0.01).OrderByDescending(kv => kv.Value).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F2} s"))));
}

if (server is not null)
{
    await server.DisposeAsync();
    Directory.Delete(data, recursive: true);
}
return 0;
