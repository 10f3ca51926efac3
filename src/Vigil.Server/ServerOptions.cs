namespace Vigil.Server;

/// <summary>Everything <c>vigil serve</c> is started with; the defaults are the embedded ones (loopback, no auth).</summary>
public sealed record ServerOptions
{
    /// <summary>Rule files or folders (<c>--rules</c>), reloaded on SIGHUP or <c>POST /api/detection_engine/rules/_reload</c>.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>Kibana exception list exports (<c>--exceptions</c>).</summary>
    public IReadOnlyList<string> Exceptions { get; init; } = [];

    /// <summary>
    /// Indicator files for indicator match rules (<c>--threat</c>, as <c>vigil scan --threat</c>), used beside the
    /// indicators stored in the indices the rules' <c>threat_index</c> names; read again at each reload.
    /// </summary>
    public IReadOnlyList<string> Threat { get; init; } = [];

    /// <summary>The folder that holds everything: event segments, the alert database, rule state (<c>--data</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where Kestrel listens (<c>--listen host:port</c>); loopback by default.</summary>
    public string Listen { get; init; } = "127.0.0.1:9200";

    /// <summary>How long events are kept beyond what the loaded rules need (look-back + longest maxspan).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The clock: null for real time; otherwise a fixed start time for a manual clock that only moves when a test
    /// advances it (<c>--clock 2026-01-01T00:00:00Z</c>, then <c>POST /_vigil/clock</c>).
    /// </summary>
    public DateTimeOffset? ManualClockStart { get; init; }

    /// <summary>Also append every alert written to this JSONL file (<c>--alerts-file</c>).</summary>
    public string? AlertsFile { get; init; }

    /// <summary>Post shell alerts to this URL, retried with back-off (<c>--webhook</c>).</summary>
    public Uri? Webhook { get; init; }

    /// <summary>API keys accepted in <c>Authorization: ApiKey …</c> (the base64 of <c>id:key</c>, or the raw key).</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Basic-auth users accepted (<c>user:password</c>).</summary>
    public IReadOnlyList<string> BasicUsers { get; init; } = [];

    /// <summary>PEM or PFX certificate for TLS (<c>--tls-cert</c>); <see cref="TlsKeyPath"/> for a PEM key.</summary>
    public string? TlsCertificatePath { get; init; }
    public string? TlsKeyPath { get; init; }

    /// <summary>Largest request body accepted; larger ones get 413 (Elasticsearch's http.max_content_length).</summary>
    public long MaxBodyBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>A client that has not sent its request headers by then is disconnected (slowloris).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A request body slower than 1 KB/s after this grace period is cut off.</summary>
    public TimeSpan SlowBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The Elasticsearch version <c>GET /</c> reports (clients check the major version).</summary>
    public string ElasticsearchVersion { get; init; } = "9.2.0";

    /// <summary>Kibana space and version written into alerts.</summary>
    public string SpaceId { get; init; } = "default";
    public string KibanaVersion { get; init; } = "9.2.0";
    public string? PublicBaseUrl { get; init; }

    /// <summary>
    /// NATS servers (<c>--nats URL[,URL]</c>): empty for the single-process service; otherwise this process is one
    /// worker of a cluster over JetStream (docs/cluster.md).
    /// </summary>
    public IReadOnlyList<string> NatsUrls { get; init; } = [];

    /// <summary>Event partitions (<c>--partitions</c>); must equal P in the brokers' subject mapping.</summary>
    public int Partitions { get; init; } = 64;

    /// <summary>This worker's name in the lease bucket and its consumers' names (<c>--worker-id</c>); stable across restarts.</summary>
    public string? WorkerId { get; init; }

    /// <summary>Lease TTL (<c>--lease-ttl</c>): a dead worker's partitions are taken over within about this, plus one renewal period.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stream and bucket replicas (<c>--nats-replicas</c>); null: 3 with three or more URLs, else 1.</summary>
    public int? NatsReplicas { get; init; }

    /// <summary>How this worker authenticates to NATS and whether the connection uses TLS (<c>--nats-user</c>, <c>--nats-tls-ca</c>, …).</summary>
    public NatsSecurity NatsSecurity { get; init; } = new();
}
