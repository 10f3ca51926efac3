using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.EndToEnd;

/// <summary>The calls a test makes on a running service: bulk, clock, idle, alert search and status.</summary>
public sealed class ServeClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };

    /// <summary>Sends one `_bulk` body; returns the ids the service acknowledged (status 201), or null when the request failed.</summary>
    public async Task<List<string>?> BulkAsync(byte[] body, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync("/_bulk", content, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var acknowledged = new List<string>();
            foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            {
                var result = item.GetProperty("create");
                if (result.GetProperty("status").GetInt32() == 201)
                {
                    acknowledged.Add(result.GetProperty("_id").GetString()!);
                }
            }
            return acknowledged;
        }
    }

    /// <summary>Moves the manual clock to <paramref name="now"/> and waits until every execution due by then has run.</summary>
    public async Task AdvanceAsync(DateTimeOffset now)
    {
        using var set = await PostAsync("/_vigil/clock", $$"""{"now":"{{now:O}}"}""");
        set.EnsureSuccessStatusCode();
        using var idle = await http.GetAsync("/_vigil/scheduler/idle?timeout=300s");
        idle.EnsureSuccessStatusCode();
    }

    /// <summary>The ids of every stored alert (signals/search, match_all).</summary>
    public async Task<List<string>> AlertIdsAsync(string query = """{"match_all":{}}""")
    {
        using var response = await PostAsync("/api/detection_engine/signals/search", $$"""{"size":10000,"_source":false,"query":{{query}}}""");
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. doc.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("_id").GetString()!)];
    }

    /// <summary>A GET answered with JSON (e.g. /_vigil/cluster); throws on a non-2xx status.</summary>
    public async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("kbn-xsrf", "vigil-tests");
        return await http.SendAsync(request);
    }

    public void Dispose() => http.Dispose();
}
