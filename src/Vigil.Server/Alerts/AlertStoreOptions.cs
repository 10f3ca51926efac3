namespace Vigil.Server.Alerts;

/// <summary>Where created alerts go besides the database, and how webhook deliveries are retried.</summary>
public sealed record AlertStoreOptions
{
    /// <summary>Kibana space of the alerts (names the index reported in hits).</summary>
    public string SpaceId { get; init; } = "default";

    /// <summary>Append every created alert to this JSONL file (<c>--alerts-file</c>).</summary>
    public string? AlertsFile { get; init; }

    /// <summary>Post every created shell or single-event alert here (<c>--webhook</c>), at least once.</summary>
    public Uri? Webhook { get; init; }

    /// <summary>First retry delay; doubled on each failure up to <see cref="WebhookMaxDelay"/>.</summary>
    public TimeSpan WebhookBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan WebhookMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one POST may take before it counts as failed.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Service log, one line per message.</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Options from the server's start options.</summary>
    public static AlertStoreOptions From(ServerOptions options, Action<string> log) => new()
    {
        SpaceId = options.SpaceId,
        AlertsFile = options.AlertsFile,
        Webhook = options.Webhook,
        Log = log,
    };
}
