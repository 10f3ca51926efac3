namespace Vigil.Server.Alerts.Workflow;

/// <summary>
/// The statuses and closing reasons Kibana's status route accepts. <c>in-progress</c> is Kibana's legacy name for
/// acknowledged: accepted and written as given, as Kibana's route writes it (its UI filters treat both alike).
/// </summary>
internal static class WorkflowStatuses
{
    public static readonly IReadOnlyList<string> Statuses = ["open", "closed", "acknowledged", "in-progress"];

    /// <summary>
    /// Kibana's default closing reasons (false_positive, duplicate, true_positive, benign_positive, automated_closure,
    /// other) and those of the 2023-10-31 API schema (issue_resolved, acceptable_risk, expected_activity, low_severity,
    /// investigation_required), so clients of either version are understood.
    /// </summary>
    public static readonly IReadOnlyList<string> Reasons =
    [
        "false_positive", "duplicate", "true_positive", "benign_positive", "automated_closure", "other",
        "issue_resolved", "acceptable_risk", "expected_activity", "low_severity", "investigation_required",
    ];
}
