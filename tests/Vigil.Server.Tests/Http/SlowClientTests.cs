using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Http;

/// <summary>A server whose slow-client limits are short enough to wait for in a test.</summary>
public sealed class ImpatientServer : TestServer
{
    protected override ServerOptions Configure(ServerOptions options) => options with
    {
        RequestHeadersTimeout = TimeSpan.FromSeconds(2),
        SlowBodyGracePeriod = TimeSpan.FromSeconds(2),
    };
}

/// <summary>Clients that send too slowly are disconnected, and others are served meanwhile.</summary>
public sealed class SlowClientTests(ImpatientServer server) : IClassFixture<ImpatientServer>
{
    private async Task<(Stream Stream, TcpClient Client)> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.Server.BaseAddress.Host, server.Server.BaseAddress.Port);
        return (client.GetStream(), client);
    }

    /// <summary>Reads until the server closes the connection; the time that took, or null after <paramref name="limit"/>.</summary>
    private static async Task<(TimeSpan? ClosedAfter, string Received)> UntilClosedAsync(Stream stream, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0)
                {
                    return (watch.Elapsed, received.ToString());
                }
                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException)
        {
            return (null, received.ToString());
        }
        catch (IOException)
        {
            return (watch.Elapsed, received.ToString()); // reset by the server: closed too
        }
    }

    [Fact]
    public async Task Headers_never_finished_are_cut_off_and_another_client_is_served_meanwhile()
    {
        var (stream, client) = await ConnectAsync();
        using (client)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
            using (var other = server.CreateClient())
            {
                using var answer = await other.GetAsync(new Uri("/", UriKind.Relative));
                Assert.True(answer.IsSuccessStatusCode);
            }
            var (closedAfter, _) = await UntilClosedAsync(stream, TimeSpan.FromSeconds(20));
            Assert.NotNull(closedAfter);
            Assert.InRange(closedAfter!.Value.TotalSeconds, 0.5, 15);
        }
    }

    [Fact]
    public async Task A_body_trickled_below_the_minimum_rate_is_cut_off_and_nothing_of_it_is_stored()
    {
        const string index = "logs-slow-body";
        var (stream, client) = await ConnectAsync();
        using (client)
        {
            var line = "{\"create\":{\"_index\":\"" + index + "\"}}\n{\"a\":1}\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "POST /_bulk HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n" + line));
            // A few bytes a second: far below 1 KB/s once the grace period is over.
            var closed = false;
            for (var i = 0; i < 30 && !closed; i++)
            {
                await Task.Delay(500);
                try
                {
                    await stream.WriteAsync("  "u8.ToArray());
                }
                catch (IOException)
                {
                    closed = true;
                }
                if (!closed && client.Client.Poll(0, SelectMode.SelectRead) && client.Available == 0)
                {
                    closed = true; // the server closed its side, or answered and closed
                }
            }
            Assert.True(closed, "the trickling client should have been disconnected within 15 s");
        }
        Assert.Empty(server.Events.InIndex(index));
    }
}
