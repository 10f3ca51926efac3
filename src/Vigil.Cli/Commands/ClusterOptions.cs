using System.CommandLine;
using Vigil.Detection.Schedule;
using Vigil.Server;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil serve</c>'s cluster options (<c>--nats</c> and what goes with it); docs/cluster.md.</summary>
public sealed class ClusterOptions
{
    private readonly Option<string?> nats = new("--nats") { Description = "Join a cluster over NATS JetStream: server URL(s), comma-separated (nats://127.0.0.1:4222,...); default: a single process" };
    private readonly Option<int> partitions = new("--partitions") { Description = "Event partitions; must equal P in the brokers' subject mapping (cluster mode)", DefaultValueFactory = _ => 64 };
    private readonly Option<string?> worker = new("--worker-id") { Description = "This worker's name in the cluster, stable across restarts (default: host name + a hash of --data)" };
    private readonly Option<string> leaseTtl = new("--lease-ttl") { Description = "Partition lease TTL: a dead worker's partitions are taken over after about this (s, m)", DefaultValueFactory = _ => "10s" };
    private readonly Option<int?> replicas = new("--nats-replicas") { Description = "Replicas of the streams and the lease bucket (default: 3 with three or more URLs, else 1)" };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { nats, partitions, worker, leaseTtl, replicas })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The options with the cluster settings applied, or null (with the problems added) when one is bad.</summary>
    public ServerOptions? Apply(ParseResult parsed, ServerOptions options, List<string> problems)
    {
        var urls = (parsed.GetValue(nats) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls.Where(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls")))
        {
            problems.Add($"--nats '{url}' is not a nats:// URL");
        }
        var count = parsed.GetValue(partitions);
        if (count is < 1 or > 4096)
        {
            problems.Add($"--partitions {count}: between 1 and 4096");
        }
        var ttlText = parsed.GetValue(leaseTtl)!;
        TimeSpan ttl = default;
        if (!Duration.TryParse(ttlText, out var duration) || (ttl = duration.ToTimeSpan()) < TimeSpan.FromSeconds(1))
        {
            problems.Add($"--lease-ttl '{ttlText}' is not a duration of 1 s or more, such as 10s");
        }
        var name = parsed.GetValue(worker);
        if (name is { Length: 0 or > 64 })
        {
            problems.Add("--worker-id: 1 to 64 characters");
        }
        var copies = parsed.GetValue(replicas);
        if (copies is < 1 or > 5)
        {
            problems.Add($"--nats-replicas {copies}: between 1 and 5");
        }
        if (problems.Count > 0)
        {
            return null;
        }
        return options with { NatsUrls = urls, Partitions = count, WorkerId = name, LeaseTtl = ttl, NatsReplicas = copies };
    }
}
