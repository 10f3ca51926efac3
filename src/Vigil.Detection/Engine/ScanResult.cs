using Vigil.Detection.Alerts;

namespace Vigil.Detection.Engine;

/// <summary>Everything a scan produced: the alerts in write order, rule messages, event problems, per-rule counts.</summary>
public sealed class ScanResult
{
    public List<AlertDocument> Alerts { get; } = [];
    public List<RuleMessage> Messages { get; } = [];
    public List<string> EventProblems { get; } = [];
    public List<RuleRunStats> Stats { get; } = [];
}
