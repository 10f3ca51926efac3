using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Rules;

namespace Vigil.Detection.RuleTypes;

/// <summary>The deterministic ids Kibana gives threshold hits and new_terms alerts (a re-run never duplicates).</summary>
public static class RuleTypeAlertIds
{
    /// <summary>Kibana's namespace for threshold hit ids (calculateThresholdSignalUuid).</summary>
    public static readonly Guid ThresholdNamespace = new("0684ec03-7201-4ee0-8ee0-3a3f6b2479b2");

    /// <summary>UUIDv5 of <c>rule_id + startedAt.toISOString() + fields.join(",") + sortedValues</c>.</summary>
    public static string ThresholdHitId(string ruleId, string startedAtIso, IReadOnlyList<string> fields, string sortedValues) =>
        RuleUuid.NameBased(ThresholdNamespace, ruleId + startedAtIso + string.Join(",", fields) + sortedValues);

    /// <summary>
    /// A threshold alert's id when the rule suppresses: npm object-hash (SHA-1 hex) of
    /// <c>[_index, hitId, "space:ruleUuid"]</c> instead of the SHA-256 id of unsuppressed alerts.
    /// </summary>
    public static string ForSuppressedThreshold(string index, string hitId, string spaceId, string ruleUuid)
    {
        var s = new StringBuilder("array:3:");
        Str(s, index);
        Str(s, hitId);
        Str(s, spaceId + ":" + ruleUuid);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(s.ToString())));
    }

    /// <summary>
    /// npm object-hash (SHA-1 hex) of <c>[_index, _id, String(_version), "space:ruleUuid", newTerms]</c>: an array is
    /// <c>array:N:</c> then its items, a string <c>string:LEN:TEXT</c>, a number <c>number:TEXT</c>, null <c>Null</c>.
    /// </summary>
    public static string ForNewTerms(string index, string id, long? version, string spaceId, string ruleUuid, JsonArray newTerms) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(NewTermsHashInput(index, id, version, spaceId, ruleUuid, newTerms))));

    public static string NewTermsHashInput(string index, string id, long? version, string spaceId, string ruleUuid, JsonArray newTerms)
    {
        var s = new StringBuilder("array:5:");
        Str(s, index);
        Str(s, id);
        Str(s, version is { } v ? v.ToString(CultureInfo.InvariantCulture) : "undefined");
        Str(s, spaceId + ":" + ruleUuid);
        s.Append("array:").Append(newTerms.Count).Append(':');
        foreach (var term in newTerms)
        {
            switch (term)
            {
                case null:
                    s.Append("Null");
                    break;
                case JsonValue tv when tv.TryGetValue<string>(out var text):
                    Str(s, text);
                    break;
                case JsonValue tv when tv.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False:
                    s.Append("bool:").Append(tv.GetValueKind() == System.Text.Json.JsonValueKind.True ? "true" : "false");
                    break;
                case JsonValue tv:
                    s.Append("number:").Append(Alerts.ReasonFormatter.JsText(tv));
                    break;
                default:
                    Str(s, term.ToJsonString());
                    break;
            }
        }
        return s.ToString();
    }

    private static void Str(StringBuilder s, string text) => s.Append("string:").Append(text.Length).Append(':').Append(text);
}
