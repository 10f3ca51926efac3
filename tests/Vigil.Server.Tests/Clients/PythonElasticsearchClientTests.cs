using System.Diagnostics;
using System.Text.Json;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Clients;

/// <summary>Debian's python3-elasticsearch against a running server: its product check, then <c>helpers.bulk</c>.</summary>
public sealed class PythonElasticsearchClientTests(TestServer server) : IClassFixture<TestServer>
{
    private const string Script = """
        import json, sys
        from elasticsearch import Elasticsearch, helpers
        url, path = sys.argv[1], sys.argv[2]
        es = Elasticsearch(url, request_timeout=60)
        info = es.info()

        def actions():
            with open(path, encoding="utf-8") as lines:
                for line in lines:
                    doc = json.loads(line)
                    ds = doc.get("data_stream")
                    index = "%s-%s-%s" % (ds["type"], ds["dataset"], ds["namespace"]) if ds else "logs-vigil.fixtures-default"
                    yield {"_op_type": "create", "_index": index, "_source": doc}

        ok, errors = helpers.bulk(es, actions(), chunk_size=500, raise_on_error=False)
        bad = helpers.bulk(es, [{"_op_type": "create", "_index": "logs-python-bad", "_source": {"@timestamp": "never"}}], raise_on_error=False)
        print(json.dumps({"version": info["version"]["number"], "ok": ok, "errors": len(errors), "bad_ok": bad[0], "bad": bad[1]}))
        """;

    [PythonElasticsearchFact]
    public async Task The_bulk_helper_sends_the_fixtures_and_the_capture_after_its_product_check()
    {
        var sent = SentEvents.FixturesAndCapture();
        string folder = Path.Combine(server.DataDirectory, "python");
        Directory.CreateDirectory(folder);
        string events = Path.Combine(folder, "events.ndjson");
        string script = Path.Combine(folder, "send.py");
        await File.WriteAllLinesAsync(events, sent);
        await File.WriteAllTextAsync(script, Script);

        var start = new ProcessStartInfo(PythonElasticsearchFactAttribute.Python, [script, server.Server.BaseAddress.ToString(), events])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await errors);

        using var result = JsonDocument.Parse(await output);
        Assert.Equal("9.2.0", result.RootElement.GetProperty("version").GetString());
        Assert.Equal(sent.Count, result.RootElement.GetProperty("ok").GetInt32());
        Assert.Equal(0, result.RootElement.GetProperty("errors").GetInt32());
        SentEvents.AssertStored(sent, [.. server.Events.Events.Where(e => e.Index != "logs-python-bad")]);

        // The helper reads a failed item's status and error from the response: one refused document, reported.
        Assert.Equal(0, result.RootElement.GetProperty("bad_ok").GetInt32());
        var bad = result.RootElement.GetProperty("bad")[0].GetProperty("create");
        Assert.Equal(400, bad.GetProperty("status").GetInt32());
        Assert.Equal("document_parsing_exception", bad.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(server.Events.InIndex("logs-python-bad"));
    }
}
