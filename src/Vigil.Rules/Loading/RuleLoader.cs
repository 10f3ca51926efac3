namespace Vigil.Rules;

/// <summary>
/// Loads rules from files and folders: <c>.toml</c> (elastic/detection-rules), <c>.ndjson</c> (Kibana export) and
/// <c>.eql</c> (one bare query per file). Folders are walked recursively in a stable (ordinal) order.
/// </summary>
public static class RuleLoader
{
    /// <summary>The file extensions the loader reads.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".toml", ".ndjson", ".eql"];

    /// <summary>Every rule file under <paramref name="paths"/> (files as given, folders walked), in stable order.</summary>
    public static IReadOnlyList<string> FindFiles(IEnumerable<string> paths, List<RuleProblem>? missing = null)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => IsRuleFile(f) && !IsUnderFixtures(f, path))
                    .OrderBy(f => f, StringComparer.Ordinal);
                files.AddRange(found);
            }
            else
            {
                missing?.Add(new RuleProblem(RuleProblemSeverity.Error, path, 0, 0, null, "no such file or folder"));
            }
        }
        return files;
    }

    /// <summary>Whether the loader reads files with this name.</summary>
    public static bool IsRuleFile(string path)
    {
        var ext = Path.GetExtension(path);
        return Extensions.Any(e => string.Equals(e, ext, StringComparison.OrdinalIgnoreCase));
    }

    // Scenario fixtures (rules/x/foo.fixtures/*.ndjson) are events, not rule exports.
    private static bool IsUnderFixtures(string file, string root)
    {
        var relative = Path.GetRelativePath(root, file);
        foreach (var part in relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
        {
            if (part.EndsWith(".fixtures", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads one file by its extension.</summary>
    public static RuleFileResult LoadFile(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".toml":
                var toml = TomlRuleReader.ReadFile(path);
                return new RuleFileResult(path, RuleSourceFormat.Toml, [toml], []);
            case ".ndjson":
                return KibanaNdjsonReader.ReadFile(path);
            case ".eql":
                return LoadEqlFile(path);
            default:
                return new RuleFileResult(path, RuleSourceFormat.None, [],
                    [new RuleProblem(RuleProblemSeverity.Error, path, 0, 0, null, $"not a rule file (expected {string.Join(", ", Extensions)})")]);
        }
    }

    /// <summary>Every rule under <paramref name="paths"/>, in the order of <see cref="FindFiles"/>.</summary>
    /// <remarks>
    /// Files are read and parsed on every core: each file's result depends on that file alone, and the results keep
    /// the files' order, so what is loaded (and every message about it) does not depend on the number of cores.
    /// </remarks>
    public static IReadOnlyList<RuleFileResult> Load(IEnumerable<string> paths)
    {
        var missing = new List<RuleProblem>();
        var files = FindFiles(paths, missing);
        var loaded = new RuleFileResult[files.Count];
        try
        {
            Parallel.For(0, files.Count, i => loaded[i] = LoadFile(files[i]));
        }
        catch (AggregateException failed) when (failed.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.InnerExceptions[0]).Throw();
        }
        var results = new List<RuleFileResult>(loaded);
        foreach (var m in missing)
        {
            results.Add(new RuleFileResult(m.File, RuleSourceFormat.None, [], [m]));
        }
        return results;
    }

    /// <summary>A bare query file: a nameless EQL rule whose query is the whole file.</summary>
    public static RuleFileResult LoadEqlFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RuleFileResult(path, RuleSourceFormat.Eql, [],
                [new RuleProblem(RuleProblemSeverity.Error, path, 0, 0, null, "cannot read the file: " + e.Message)]);
        }
        var source = new RuleSource(path, RuleSourceFormat.Eql, 1,
            new Dictionary<string, int> { ["rule.query"] = 1, ["rule.query#value"] = 1, ["rule.query#column"] = 0 });
        var rule = new Rule
        {
            RuleId = "",
            Name = Path.GetFileNameWithoutExtension(path),
            Type = "eql",
            Language = "eql",
            Query = text,
            Severity = "low",
            RiskScore = 21,
            Source = source,
        };
        return new RuleFileResult(path, RuleSourceFormat.Eql, [new RuleLoadResult(rule, [], source)], []);
    }
}
