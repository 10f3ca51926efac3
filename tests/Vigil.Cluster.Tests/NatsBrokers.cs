using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Vigil.Cluster;

namespace Vigil.Cluster.Tests;

/// <summary>
/// Real nats-server processes with JetStream: one, or three routed into a cluster, on free loopback ports, their
/// stores in a temp folder and the event partition mapping in their config. Dispose kills only these processes.
/// A missing nats-server fails the test (it is installed by .ci/run); nothing is skipped.
/// </summary>
public sealed class NatsBrokers : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _root = Directory.CreateTempSubdirectory("vigil-nats-").FullName;

    public IReadOnlyList<int> ClientPorts { get; private set; } = [];

    public string Urls => string.Join(",", ClientPorts.Select(p => $"nats://127.0.0.1:{p}"));

    public IReadOnlyList<Process> Processes => _processes;

    /// <summary>What a client needs to connect (credentials, TLS); the URL is set per connection.</summary>
    public NatsOpts ClientOptions { get; private set; } = NatsOpts.Default;

    /// <summary>
    /// Starts <paramref name="count"/> brokers. <paramref name="extraConfig"/> is added to each broker's config (an
    /// <c>authorization</c> or <c>tls</c> block); <paramref name="clientOptions"/> is how this fixture then connects.
    /// </summary>
    public static async Task<NatsBrokers> StartAsync(int count, int partitions, string extraConfig = "", NatsOpts? clientOptions = null)
    {
        var binary = new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nats-server not found (/usr/sbin, /usr/bin, /usr/local/bin): apt-get install -y nats-server (.ci/run does)");
        var brokers = new NatsBrokers { ClientOptions = clientOptions ?? NatsOpts.Default };
        try
        {
            var clients = Enumerable.Range(0, count).Select(_ => FreePort()).ToArray();
            var routes = Enumerable.Range(0, count).Select(_ => FreePort()).ToArray();
            brokers.ClientPorts = clients;
            for (var i = 0; i < count; i++)
            {
                var dir = Path.Combine(brokers._root, $"n{i}");
                Directory.CreateDirectory(dir);
                var config = Path.Combine(dir, "nats.conf");
                var cluster = count == 1 ? "" : $$"""
                    cluster {
                      name: vigil
                      listen: 127.0.0.1:{{routes[i]}}
                      routes: [{{string.Join(", ", routes.Select(r => $"nats-route://127.0.0.1:{r}"))}}]
                    }
                    """;
                await File.WriteAllTextAsync(config, $$"""
                    server_name: n{{i}}
                    listen: 127.0.0.1:{{clients[i]}}
                    jetstream { store_dir: "{{Path.Combine(dir, "js")}}" }
                    mappings { {{ClusterSubjects.Mapping(partitions)}} }
                    {{cluster}}
                    {{extraConfig}}
                    """);
                var process = Process.Start(new ProcessStartInfo(binary, ["-c", config])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                })!;
                process.ErrorDataReceived += (_, _) => { };
                process.OutputDataReceived += (_, _) => { };
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                brokers._processes.Add(process);
            }
            await brokers.WaitReadyAsync(TimeSpan.FromSeconds(20));
            return brokers;
        }
        catch
        {
            await brokers.DisposeAsync();
            throw;
        }
    }

    public async Task<NatsConnection> ConnectAsync()
    {
        var connection = new NatsConnection(ClientOptions with { Url = Urls, Name = "vigil-test" });
        await connection.ConnectAsync();
        return connection;
    }

    /// <summary>Ready = JetStream answers account info on every broker (in a cluster: a meta leader is elected).</summary>
    private async Task WaitReadyAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        foreach (var port in ClientPorts)
        {
            while (true)
            {
                try
                {
                    await using var connection = new NatsConnection(ClientOptions with { Url = $"nats://127.0.0.1:{port}" });
                    await connection.ConnectAsync();
                    await new NatsJSContext(connection).GetAccountInfoAsync();
                    break;
                }
                catch (Exception) when (DateTime.UtcNow < deadline && _processes.All(p => !p.HasExited))
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
