using System.Collections.Frozen;

namespace Vigil.Rules;

/// <summary>The MITRE ATT&amp;CK Enterprise tactics: id → name.</summary>
public static class AttackTactics
{
    public static IReadOnlyDictionary<string, string> ById { get; } = new Dictionary<string, string>
    {
        ["TA0043"] = "Reconnaissance",
        ["TA0042"] = "Resource Development",
        ["TA0001"] = "Initial Access",
        ["TA0002"] = "Execution",
        ["TA0003"] = "Persistence",
        ["TA0004"] = "Privilege Escalation",
        ["TA0005"] = "Defense Evasion",
        ["TA0006"] = "Credential Access",
        ["TA0007"] = "Discovery",
        ["TA0008"] = "Lateral Movement",
        ["TA0009"] = "Collection",
        ["TA0011"] = "Command and Control",
        ["TA0010"] = "Exfiltration",
        ["TA0040"] = "Impact",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The reference URL of a tactic.</summary>
    public static string Reference(string id) => $"https://attack.mitre.org/tactics/{id}/";

    /// <summary>The reference URL of a technique (<c>T1059</c>) or sub-technique (<c>T1059.004</c>).</summary>
    public static string TechniqueReference(string id) => $"https://attack.mitre.org/techniques/{id.Replace('.', '/')}/";
}
