using System.Collections.Frozen;

namespace Vigil.Rules;

/// <summary>
/// Where a rule came from, and on which line each of its keys sits (keys as dotted paths such as
/// <c>rule.severity</c>, <c>rule.threat[1].tactic.id</c>, <c>transform.osquery[0].query</c>), so that errors can name them.
/// </summary>
public sealed class RuleSource
{
    public RuleSource(string path, RuleSourceFormat format, int line, IReadOnlyDictionary<string, int>? keyLines = null)
    {
        Path = path;
        Format = format;
        Line = line;
        KeyLines = keyLines?.ToFrozenDictionary(StringComparer.Ordinal) ?? FrozenDictionary<string, int>.Empty;
    }

    public static RuleSource None { get; } = new("", RuleSourceFormat.None, 0);

    /// <summary>The file path as given.</summary>
    public string Path { get; }

    public RuleSourceFormat Format { get; }

    /// <summary>First line of the rule in its file (1-based; the object's line in an NDJSON export).</summary>
    public int Line { get; }

    public IReadOnlyDictionary<string, int> KeyLines { get; }

    /// <summary>
    /// The line of a key, or of its nearest enclosing key that has one (<c>rule.threat[0].tactic.id</c> falls back to
    /// <c>rule.threat[0].tactic</c>, then <c>rule.threat[0]</c>...), or the rule's own line.
    /// </summary>
    public int LineOf(string keyPath)
    {
        var path = keyPath;
        while (path.Length > 0)
        {
            if (KeyLines.TryGetValue(path, out var line))
            {
                return line;
            }
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                break;
            }
            path = path[..cut];
        }
        return Line;
    }
}
