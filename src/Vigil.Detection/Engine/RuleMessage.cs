namespace Vigil.Detection.Engine;

/// <summary>A warning or error of a rule execution, in Kibana's words where Kibana has them.</summary>
public sealed record RuleMessage(string RuleId, string RuleName, DateTimeOffset? ExecutionStartedAt, bool IsError, string Text)
{
    public override string ToString() =>
        $"{(IsError ? "error" : "warning")}: rule {RuleId} ({RuleName}){(ExecutionStartedAt is { } t ? " execution " + Alerts.AlertTime.ToIso(t) : "")}: {Text}";
}
