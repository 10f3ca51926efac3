using System.Net.Http.Headers;
using System.Text;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Fakes;

/// <summary>
/// A real <see cref="VigilServer"/> on 127.0.0.1 with a free port, in-memory stores and a temporary data folder; one
/// per test class (xunit class fixture), stopped and deleted at the end.
/// </summary>
public class TestServer : IAsyncLifetime
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "vigil-server-tests-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> log = [];

    public InMemoryEventStore Events { get; } = new();

    public InMemoryAlertStore Alerts { get; } = new();

    public VigilServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string DataDirectory => data;

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (log)
            {
                return [.. log];
            }
        }
    }

    /// <summary>Options beyond the defaults (credentials, a small body limit…); the listen address and data folder are set here.</summary>
    protected virtual ServerOptions Configure(ServerOptions options) => options;

    public async Task InitializeAsync()
    {
        var options = Configure(new ServerOptions { DataDirectory = data, Listen = "127.0.0.1:0" });
        Server = await VigilServer.StartAsync(options, line =>
        {
            lock (log)
            {
                log.Add(line);
            }
        }, new ServerStores { Events = _ => Events, Alerts = _ => Alerts });
        Client = CreateClient();
    }

    public virtual HttpClient CreateClient() => new() { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    public static StringContent Ndjson(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson"));

    public static ByteArrayContent Bytes(byte[] body, string type = "application/x-ndjson")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }
}
