using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;

namespace Vigil.Detection.Suppression;

/// <summary>
/// <c>kibana.alert.instance.id</c> = npm object-hash (v3, default options: SHA-1, hex, type-respecting, sorted
/// object keys, ordered arrays) of <c>[terms, ruleUuid, spaceId]</c>. object-hash serialises plain objects with
/// their prototype and constructor; those appear first in the first term and as circular references afterwards,
/// which this reproduces for the only shape Kibana hashes here.
/// </summary>
public static class ObjectHash
{
    private const string FirstPrototype =
        "string:9:prototype:Undefined,string:9:__proto__:object:3:string:9:prototype:Undefined,string:9:__proto__:Null," +
        "string:11:constructor:fn:string:8:[native]string:20:function-name:Objectobject:0:,," +
        "string:11:constructor:fn:string:8:[native]string:20:function-name:Objectstring:12:[CIRCULAR:4],";

    private const string LaterPrototype =
        "string:9:prototype:Undefined,string:9:__proto__:string:12:[CIRCULAR:3]," +
        "string:11:constructor:fn:string:8:[native]string:20:function-name:Objectstring:12:[CIRCULAR:4],";

    public static string InstanceId(IReadOnlyList<SuppressionTerm> terms, string ruleUuid, string spaceId) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Serialize(terms, ruleUuid, spaceId))));

    /// <summary>
    /// A threshold rule's instance id: object-hash of <c>[sortedValues, ruleUuid, spaceId]</c>, the bucket's values
    /// alone (lodash sortBy), without their field names (Kibana's wrapSuppressedThresholdALerts).
    /// </summary>
    public static string ThresholdInstanceId(IReadOnlyList<JsonNode?> sortedValues, string ruleUuid, string spaceId)
    {
        var s = new StringBuilder("array:3:");
        s.Append("array:").Append(sortedValues.Count).Append(':');
        foreach (var v in sortedValues)
        {
            Value(s, v);
        }
        String(s, ruleUuid);
        String(s, spaceId);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(s.ToString())));
    }

    /// <summary>The text object-hash feeds to SHA-1 (exposed for tests).</summary>
    public static string Serialize(IReadOnlyList<SuppressionTerm> terms, string ruleUuid, string spaceId)
    {
        var s = new StringBuilder();
        s.Append("array:3:");
        s.Append("array:").Append(terms.Count).Append(':');
        for (var i = 0; i < terms.Count; i++)
        {
            s.Append("object:5:");
            s.Append(i == 0 ? FirstPrototype : LaterPrototype);
            s.Append("string:5:field:");
            String(s, terms[i].Field);
            s.Append(',');
            s.Append("string:5:value:");
            Value(s, terms[i].Value);
            s.Append(',');
        }
        String(s, ruleUuid);
        String(s, spaceId);
        return s.ToString();
    }

    private static void String(StringBuilder s, string text) => s.Append("string:").Append(text.Length).Append(':').Append(text);

    private static void Value(StringBuilder s, JsonNode? value)
    {
        switch (value)
        {
            case null:
                s.Append("Null");
                break;
            case JsonArray array:
                s.Append("array:").Append(array.Count).Append(':');
                foreach (var item in array)
                {
                    Value(s, item);
                }
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                String(s, text);
                break;
            case JsonValue v when v.TryGetValue<bool>(out var b):
                s.Append("bool:").Append(b ? "true" : "false");
                break;
            case JsonValue v:
                s.Append("number:").Append(ReasonFormatter.JsText(v));
                break;
            default:
                // Objects do not occur as group-by values of keyword-like fields; hash their JSON text.
                String(s, value.ToJsonString());
                break;
        }
    }
}
