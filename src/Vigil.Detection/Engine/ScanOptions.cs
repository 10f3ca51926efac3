using Vigil.Detection.Exceptions;

namespace Vigil.Detection.Engine;

/// <summary>How <see cref="DetectionEngine"/> runs rules over events.</summary>
public sealed record ScanOptions
{
    /// <summary>Emulate Kibana's schedule (executions every interval over [now+from, now+to]) instead of one hunt pass.</summary>
    public bool Schedule { get; init; }

    /// <summary>First execution (schedule mode); default: the earliest event time of the rule's events.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>No execution starts after this (schedule mode); default: the first one at or after the latest event.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Explicit execution start times (schedule mode; overrides Start/End), e.g. to emulate missed runs.</summary>
    public IReadOnlyList<DateTimeOffset>? ExecutionTimes { get; init; }

    /// <summary>The hunt's execution time; default: the wall clock.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Hunt range (inclusive); null ends are open.</summary>
    public DateTimeOffset? HuntFrom { get; init; }
    public DateTimeOffset? HuntTo { get; init; }

    /// <summary>Apply each rule's max_signals in hunt mode too (always applied in schedule mode).</summary>
    public bool HuntMaxSignals { get; init; }

    public string SpaceId { get; init; } = "default";
    public string KibanaVersion { get; init; } = "9.2.0";
    public string? PublicBaseUrl { get; init; }

    /// <summary>The alert write time for an execution that started at the given time; default: that start time.</summary>
    public Func<DateTimeOffset, DateTimeOffset>? Clock { get; init; }

    /// <summary>
    /// Alerts of earlier runs that alert suppression merges into (<c>vigil serve</c>'s alert store); null: only the
    /// alerts of this run, as a hunt over files has.
    /// </summary>
    public Suppression.ISuppressedAlertStore? SuppressedAlerts { get; init; }

    /// <summary>Exception items applied to every rule (<c>--exceptions FILE</c>).</summary>
    public IReadOnlyList<ExceptionItem> SharedExceptions { get; init; } = [];

    /// <summary>Exception lists rules refer to by list_id in <c>exceptions_list</c>.</summary>
    public ExceptionListSet? ExceptionLists { get; init; }

    /// <summary>
    /// Memory budget for the open sequences of all rules of a streaming hunt together, in estimated bytes; over it,
    /// each rule's oldest open sequences are evicted and the rule warns how many (see <see cref="Vigil.Eql.Runtime.StateBudget"/>).
    /// </summary>
    public long MaxStateBytes { get; init; } = Vigil.Eql.Runtime.StateBudget.DefaultBytes;

    /// <summary>Indicator documents for indicator match rules (<c>--threat PATH</c>, or serve's indicator index).</summary>
    public IReadOnlyList<Vigil.Detection.RuleTypes.ThreatIndicator> ThreatIndicators { get; init; } = [];

    /// <summary>
    /// The hunt's single window is one real execution of the rule (<c>vigil serve</c>): new_terms' history is then
    /// <c>[history_window_start at --now, --from)</c> as in schedule mode, not a history of the rule's length ending
    /// at <c>--from</c> as for a hunt over files.
    /// </summary>
    public bool HuntIsExecution { get; init; }

    /// <summary>Threshold alerts of earlier executions (serve's alert store); null: the history of this run only.</summary>
    public Vigil.Detection.RuleTypes.IThresholdSignalHistory? ThresholdHistory { get; init; }

    /// <summary>Stored events outside the searched window (serve's event store) for new_terms' history; null: the given events only.</summary>
    public Vigil.Detection.RuleTypes.IRuleEventHistory? EventHistory { get; init; }
}
