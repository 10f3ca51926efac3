using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Detection.Alerts;

/// <summary>
/// Kibana's deterministic alert ids (hex SHA-256), so that a re-run over the same events yields the same ids and
/// the alerts index's create-by-id drops duplicates.
/// </summary>
public static class AlertIds
{
    /// <summary>
    /// The id of an alert built from one event: <c>sha256(_index + _id + String(_version) + spaceId + ":" + ruleUuid)</c>.
    /// EQL hits carry no <c>_version</c>, so Kibana hashes the text <c>undefined</c>; pass null for that case.
    /// </summary>
    public static string ForSingleEvent(string index, string id, long? version, string spaceId, string ruleUuid)
    {
        var versionText = version is { } v ? v.ToString(CultureInfo.InvariantCulture) : "undefined";
        return Sha256Hex(string.Concat(index, id, versionText, spaceId, ":", ruleUuid));
    }

    /// <summary>
    /// The ids of a sequence's building blocks: a shared base (each block's ancestors' id+index, then the block's rule
    /// uuid, over all blocks) followed by the block's 0-based position.
    /// </summary>
    public static IReadOnlyList<string> ForBuildingBlocks(IReadOnlyList<IReadOnlyList<AlertAncestor>> ancestorsPerBlock, string ruleUuid)
    {
        var baseText = new StringBuilder();
        foreach (var ancestors in ancestorsPerBlock)
        {
            AppendAncestors(baseText, ancestors);
            baseText.Append(ruleUuid);
        }
        var ids = new string[ancestorsPerBlock.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Sha256Hex(baseText + i.ToString(CultureInfo.InvariantCulture));
        }
        return ids;
    }

    /// <summary>The id of an alert derived from its ancestors (a sequence's shell): <c>sha256(concat(id+index) + ruleUuid)</c>.</summary>
    public static string FromAncestors(IReadOnlyList<AlertAncestor> ancestors, string ruleUuid)
    {
        var text = new StringBuilder();
        AppendAncestors(text, ancestors);
        text.Append(ruleUuid);
        return Sha256Hex(text.ToString());
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static void AppendAncestors(StringBuilder into, IReadOnlyList<AlertAncestor> ancestors)
    {
        foreach (var ancestor in ancestors)
        {
            into.Append(ancestor.Id).Append(ancestor.Index);
        }
    }
}
