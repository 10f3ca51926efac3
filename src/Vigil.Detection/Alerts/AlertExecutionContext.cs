namespace Vigil.Detection.Alerts;

/// <summary>
/// What an alert takes from the rule execution that writes it. <see cref="AlertTimestamp"/> is the write time
/// (<c>@timestamp</c>, <c>kibana.alert.start</c>, <c>last_detected</c>, <c>rule.execution.timestamp</c>); Vigil
/// sets it from an injectable clock, by default the execution's start, so output is reproducible.
/// </summary>
public sealed record AlertExecutionContext
{
    public string SpaceId { get; init; } = "default";
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset AlertTimestamp { get; init; }
    public required string ExecutionUuid { get; init; }
    public string KibanaVersion { get; init; } = "9.2.0";
    /// <summary>Kibana's <c>server.publicBaseUrl</c>; without it alerts carry no <c>kibana.alert.url</c>.</summary>
    public string? PublicBaseUrl { get; init; }
    /// <summary>Set for manual runs (gap fills); scheduled runs use the alert timestamp.</summary>
    public DateTimeOffset? IntendedTimestamp { get; init; }
    public int RuleRevision { get; init; }

    /// <summary>The alerts index of the space (<c>.alerts-security.alerts-&lt;space&gt;</c>).</summary>
    public string AlertsIndex => ".alerts-security.alerts-" + SpaceId;
}
