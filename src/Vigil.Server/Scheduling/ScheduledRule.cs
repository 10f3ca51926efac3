using System.Security.Cryptography;
using System.Text;
using Vigil.Detection.Engine;

namespace Vigil.Server.Scheduling;

/// <summary>One loaded rule on its schedule: the prepared rule and its (persisted) run state.</summary>
public sealed class ScheduledRule(PreparedRule prepared, RuleRunState state)
{
    public PreparedRule Prepared { get; } = prepared;

    public RuleRunState State { get; } = state;

    public string Uuid => Prepared.Rule.Uuid;

    /// <summary>The rule's version and the SHA-256 of its definition (Kibana JSON with defaults).</summary>
    public static string FingerprintOf(PreparedRule rule)
    {
        var version = rule.Rule.Definition["version"]?.ToJsonString() ?? "1";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(rule.Rule.Definition.ToJsonString()));
        return "v" + version + ":" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
