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
    private readonly Option<string?> user = new("--nats-user") { Description = "NATS user name (with --nats-password)" };
    private readonly Option<string?> password = new("--nats-password") { Description = "NATS password of --nats-user; @FILE reads it from the file's first line (keeps it out of ps)" };
    private readonly Option<string?> token = new("--nats-token") { Description = "NATS token; @FILE reads it from the file's first line" };
    private readonly Option<string?> creds = new("--nats-creds") { Description = "NATS credentials file (JWT and NKey seed, as nsc writes them)" };
    private readonly Option<string?> tlsCa = new("--nats-tls-ca") { Description = "PEM CA the brokers' certificates must chain to; turns TLS on" };
    private readonly Option<string?> tlsCert = new("--nats-tls-cert") { Description = "PEM client certificate for brokers that verify clients (with --nats-tls-key); turns TLS on" };
    private readonly Option<string?> tlsKey = new("--nats-tls-key") { Description = "PEM key of --nats-tls-cert" };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { nats, partitions, worker, leaseTtl, replicas, user, password, token, creds, tlsCa, tlsCert, tlsKey })
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
        var security = Security(parsed, problems);
        if (urls.Length == 0 && (security.User ?? security.Token ?? security.CredsFile ?? security.TlsCaFile ?? security.TlsCertFile) is not null)
        {
            problems.Add("--nats-user, --nats-token, --nats-creds and --nats-tls-* need --nats");
        }
        if (problems.Count > 0)
        {
            return null;
        }
        return options with { NatsUrls = urls, Partitions = count, WorkerId = name, LeaseTtl = ttl, NatsReplicas = copies, NatsSecurity = security };
    }

    private NatsSecurity Security(ParseResult parsed, List<string> problems)
    {
        var security = new NatsSecurity
        {
            User = parsed.GetValue(user),
            Password = Secret(parsed.GetValue(password), "--nats-password", problems),
            Token = Secret(parsed.GetValue(token), "--nats-token", problems),
            CredsFile = parsed.GetValue(creds),
            TlsCaFile = parsed.GetValue(tlsCa),
            TlsCertFile = parsed.GetValue(tlsCert),
            TlsKeyFile = parsed.GetValue(tlsKey),
        };
        if ((security.User is null) != (security.Password is null))
        {
            problems.Add("--nats-user and --nats-password go together");
        }
        if (new[] { security.User, security.Token, security.CredsFile }.Count(v => v is not null) > 1)
        {
            problems.Add("give one of --nats-user/--nats-password, --nats-token, --nats-creds");
        }
        if ((security.TlsCertFile is null) != (security.TlsKeyFile is null))
        {
            problems.Add("--nats-tls-cert and --nats-tls-key go together");
        }
        foreach (var (file, option) in new[] { (security.CredsFile, "--nats-creds"), (security.TlsCaFile, "--nats-tls-ca"), (security.TlsCertFile, "--nats-tls-cert"), (security.TlsKeyFile, "--nats-tls-key") })
        {
            if (file is not null && !File.Exists(file))
            {
                problems.Add($"{option} {file}: no such file");
            }
        }
        return security;
    }

    /// <summary>A secret given as text, or as @FILE (its first line), so it need not appear on the command line.</summary>
    private static string? Secret(string? value, string option, List<string> problems)
    {
        if (value is not ['@', .. var path])
        {
            return value;
        }
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.TrimEnd('\r') ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{option} @{path}: {e.Message}");
            return null;
        }
    }
}
