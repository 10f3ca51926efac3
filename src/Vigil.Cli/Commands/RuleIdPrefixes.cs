namespace Vigil.Cli.Commands;

/// <summary>
/// The shortest prefix of each rule_id (8 characters at least, the first group of a UUID) that no other listed
/// rule_id shares, so that <c>rules list</c> stays narrow and every id it shows still names one rule.
/// </summary>
public static class RuleIdPrefixes
{
    public const int MinLength = 8;

    public static IReadOnlyDictionary<string, string> Shortest(IReadOnlyList<string> ruleIds)
    {
        ArgumentNullException.ThrowIfNull(ruleIds);
        var distinct = ruleIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in distinct)
        {
            var length = Math.Min(MinLength, id.Length);
            while (length < id.Length && distinct.Any(other => !ReferenceEquals(other, id) && other.StartsWith(id[..length], StringComparison.OrdinalIgnoreCase)))
            {
                length++;
            }
            result[id] = id[..length];
        }
        return result;
    }
}
