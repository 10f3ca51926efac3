using System.Security.Cryptography;
using System.Text;

namespace Vigil.Detection.Rules;

/// <summary>
/// The saved-object id (<c>kibana.alert.rule.uuid</c>) of a rule loaded from a file, which has none of its own: a
/// name-based UUID (RFC 9562 version 5) of the rule's <c>rule_id</c> in Vigil's namespace, so the same rule always
/// gets the same id and alert ids stay stable across runs. A Kibana export's own <c>id</c> takes precedence.
/// </summary>
public static class RuleUuid
{
    /// <summary>Vigil's namespace for rule ids (a fixed random UUID).</summary>
    public static readonly Guid Namespace = new("f00f16a1-970f-4046-8e26-b4f10f293c48");

    /// <summary>The UUIDv5 of <paramref name="ruleId"/> in <see cref="Namespace"/>, lower-case with hyphens.</summary>
    public static string FromRuleId(string ruleId) => NameBased(Namespace, ruleId);

    /// <summary>RFC 9562 version-5 UUID of <paramref name="name"/> (UTF-8) in <paramref name="namespaceId"/>.</summary>
    public static string NameBased(Guid namespaceId, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }
}
