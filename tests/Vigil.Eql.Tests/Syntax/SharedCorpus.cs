using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace Vigil.Eql.Tests.Syntax;

/// <summary>One query from a shared corpus file, named for test output.</summary>
public sealed record CorpusQuery(string Source, string Name, string Query)
{
    public override string ToString() => $"{Source}: {Name}";
}

/// <summary>Finds /work/shared (as ../shared from the repository root) and reads the EQL queries of its corpora.</summary>
public static partial class SharedCorpus
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The shared folder, or null when it is absent (tests then skip).</summary>
    public static string? SharedFolder => Root.Value;

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                // ../shared from the repository root; a git worktree under wt/<branch> finds it one level higher.
                for (var up = dir.Parent; up is not null; up = up.Parent)
                {
                    var shared = Path.Combine(up.FullName, "shared");
                    if (Directory.Exists(Path.Combine(shared, "corpus")))
                    {
                        return shared;
                    }
                }
                return null;
            }
        }
        return null;
    }

    /// <summary>Every active <c>[[queries]]</c> entry of the Elasticsearch QA suites (including legacy/).</summary>
    public static IReadOnlyList<CorpusQuery> ElasticsearchQueries()
    {
        var result = new List<CorpusQuery>();
        if (SharedFolder is null)
        {
            return result;
        }
        var folder = Path.Combine(SharedFolder, "corpus", "eql-elasticsearch");
        var files = Directory.GetFiles(folder, "*.toml").Concat(Directory.GetFiles(Path.Combine(folder, "legacy"), "*.toml"));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var model = TomlSerializer.Deserialize<TomlTable>(Tolerate(File.ReadAllText(file)))!;
            var queries = (TomlTableArray)model["queries"];
            var index = 0;
            foreach (var entry in queries)
            {
                index++;
                var name = entry.TryGetValue("name", out var n) ? (string)n : $"#{index}";
                result.Add(new CorpusQuery(Path.GetRelativePath(folder, file), name, (string)entry["query"]));
            }
        }
        return result;
    }

    /// <summary>
    /// The queries of test_queries.toml's commented-out <c>#[[queries]]</c> blocks: cases Elasticsearch's suite
    /// disables, mostly Endgame features it does not run.
    /// </summary>
    public static IReadOnlyList<CorpusQuery> DisabledElasticsearchQueries()
    {
        var result = new List<CorpusQuery>();
        if (SharedFolder is null)
        {
            return result;
        }
        var lines = File.ReadAllLines(Path.Combine(SharedFolder, "corpus", "eql-elasticsearch", "test_queries.toml"));
        List<string>? block = null;
        void Flush()
        {
            if (block is null)
            {
                return;
            }
            var model = TomlSerializer.Deserialize<TomlTable>(string.Join('\n', block))!;
            if (model.TryGetValue("query", out var query))
            {
                var name = model.TryGetValue("name", out var n) ? (string)n : $"#{result.Count + 1}";
                result.Add(new CorpusQuery("test_queries.toml (disabled)", name, (string)query));
            }
            block = null;
        }
        foreach (var line in lines)
        {
            if (line.StartsWith("#[[queries]]", StringComparison.Ordinal))
            {
                Flush();
                block = [];
            }
            else if (block is not null && line.StartsWith('#'))
            {
                block.Add(line[1..]);
            }
            else if (block is not null && line.Trim().Length > 0)
            {
                Flush();
            }
        }
        Flush();
        return result;
    }

    /// <summary>The query of every detection rule (and building block) whose language is eql.</summary>
    public static IReadOnlyList<CorpusQuery> DetectionRuleQueries()
    {
        var result = new List<CorpusQuery>();
        if (SharedFolder is null)
        {
            return result;
        }
        var root = Path.Combine(SharedFolder, "corpus", "detection-rules");
        foreach (var sub in new[] { "rules", "rules_building_block" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, sub), "*.toml", SearchOption.AllDirectories)
                         .Order(StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                if (!text.Contains("\"eql\"", StringComparison.Ordinal))
                {
                    continue; // cannot be an EQL rule; skipping it keeps the test fast
                }
                var model = TomlSerializer.Deserialize<TomlTable>(text)!;
                if (model.TryGetValue("rule", out var r) && r is TomlTable rule
                    && rule.TryGetValue("language", out var language) && (string)language == "eql")
                {
                    result.Add(new CorpusQuery(Path.GetRelativePath(root, file), (string)rule["name"], (string)rule["query"]));
                }
            }
        }
        return result;
    }

    /// <summary>
    /// test_extra.toml writes <c>join_keys = [null]</c>, which TOML has no value for; those lines carry no query,
    /// so they are blanked before parsing.
    /// </summary>
    private static string Tolerate(string toml) => UnquotedNullJoinKeys().Replace(toml, "join_keys = []");

    [GeneratedRegex("""^join_keys\s*=\s*\[[^\]\n]*(?<!")\bnull\b(?!")[^\]\n]*\]\s*$""", RegexOptions.Multiline)]
    private static partial Regex UnquotedNullJoinKeys();
}
