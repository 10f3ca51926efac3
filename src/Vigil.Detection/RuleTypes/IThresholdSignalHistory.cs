namespace Vigil.Detection.RuleTypes;

/// <summary>
/// The threshold alerts earlier executions wrote (<c>vigil serve</c>'s alert store), from which a threshold rule's
/// signal history is rebuilt as Kibana rebuilds it from its alerts index (<c>get_threshold_signal_history.ts</c>,
/// <c>build_signal_history.ts</c>), so overlapping executions, and executions after a restart, do not count the
/// same events again.
/// </summary>
public interface IThresholdSignalHistory
{
    /// <summary>The stored threshold alerts of the rule (by uuid) whose last counted event is at or after <paramref name="since"/>.</summary>
    IReadOnlyList<ThresholdSignal> SignalsSince(string ruleUuid, DateTimeOffset since);
}
