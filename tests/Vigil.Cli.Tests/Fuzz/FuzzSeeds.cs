using System.Text;
using Vigil.Rules;

namespace Vigil.Cli.Tests.Fuzz;

/// <summary>Seed corpora per target, from the shared corpus and the repository (what exists on this machine).</summary>
internal static class FuzzSeeds
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }

    // The shared corpus beside the repository (../shared), or beside a worktree's parent; the first that exists.
    // A wrong guess here once left the campaigns with two seeds, so the tests check the count (FuzzTests).
    private static string Corpus
    {
        get
        {
            for (var dir = new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "corpus");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
            return Path.Combine(Root, "..", "shared", "corpus");
        }
    }

    public static List<byte[]> For(string target)
    {
        var seeds = new List<byte[]>();
        switch (target)
        {
            case "eql":
                foreach (var file in Files(Path.Combine(Root, "rules"), "*.toml").Concat(Files(Path.Combine(Corpus, "detection-rules", "rules"), "*.toml").Take(300)))
                {
                    var text = File.ReadAllText(file);
                    var start = text.IndexOf("query = '''", StringComparison.Ordinal);
                    var end = start < 0 ? -1 : text.IndexOf("'''", start + 11, StringComparison.Ordinal);
                    if (end > start)
                    {
                        seeds.Add(Encoding.UTF8.GetBytes(text[(start + 11)..end]));
                    }
                }
                foreach (var file in Files(Path.Combine(Corpus, "eql-elasticsearch"), "*.toml").Take(20))
                {
                    foreach (var line in File.ReadLines(file).Where(l => l.TrimStart().StartsWith("query", StringComparison.Ordinal)).Take(100))
                    {
                        seeds.Add(Encoding.UTF8.GetBytes(line[(line.IndexOf('=') + 1)..].Trim().Trim('\'', '"')));
                    }
                }
                seeds.Add("sequence by host.id with maxspan=1s [process where process.name == \"cat\"] [network where true]"u8.ToArray());
                break;
            case "kql":
                foreach (var file in Files(Path.Combine(Corpus, "detection-rules", "rules"), "*.toml"))
                {
                    var text = File.ReadAllText(file);
                    if (text.Contains("language = \"kuery\"", StringComparison.Ordinal) && QueryOf(text) is { } query)
                    {
                        seeds.Add(Encoding.UTF8.GetBytes(query));
                    }
                    if (seeds.Count == 300)
                    {
                        break;
                    }
                }
                seeds.Add("process.name:cat and not destination.ip:(10.0.0.0/8 or 127.0.0.1) and message:\"failed password\" and process.*:{ args:*curl* }"u8.ToArray());
                break;
            case "bulk":
                var events = File.ReadAllLines(Path.Combine(Root, "examples", "defend-linux-sample.ndjson")).Take(20).ToList();
                seeds.Add(Encoding.UTF8.GetBytes(string.Concat(events.Select(l => "{\"create\":{\"_index\":\"logs-endpoint.events.process-default\"}}\n" + l + "\n"))));
                seeds.Add(Encoding.UTF8.GetBytes(string.Concat(events.Take(5).Select((l, i) => $"{{\"index\":{{\"_index\":\"logs-x\",\"_id\":\"{i}\"}}}}\r\n{l}\r\n"))
                    + "{\"delete\":{\"_index\":\"logs-x\",\"_id\":\"0\"}}\n\n{\"create\":{}}\n{\"@timestamp\":1700000000000,\"event\":\"x\"}\n"));
                break;
            case "readers":
                var lines = File.ReadAllLines(Path.Combine(Root, "examples", "defend-linux-sample.ndjson")).Take(30).ToList();
                seeds.Add(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
                seeds.Add(Encoding.UTF8.GetBytes("[\n" + string.Join(",\n", lines.Take(5)) + "\n]\n"));
                seeds.Add(Encoding.UTF8.GetBytes("{\"took\":1,\"hits\":{\"total\":{\"value\":5},\"hits\":[" +
                    string.Join(",", lines.Take(5).Select((l, i) => $"{{\"_index\":\"logs-x\",\"_id\":\"{i}\",\"_source\":{l}}}")) + "]}}"));
                seeds.Add(Encoding.UTF8.GetBytes(string.Concat(lines.Take(5).Select(l => "{\"index\":{\"_index\":\"logs-x\"}}\n" + l + "\n"))));
                seeds.Add(Encoding.UTF8.GetBytes(string.Concat(lines.Take(5).Select((l, i) => $"{{\"_index\":\"logs-x\",\"_id\":\"{i}\",\"_source\":{l}}}\n"))));
                break;
            case "toml":
                foreach (var file in Files(Path.Combine(Root, "rules"), "*.toml").Concat(Files(Path.Combine(Corpus, "detection-rules", "rules"), "*.toml").Take(100)))
                {
                    seeds.Add(File.ReadAllBytes(file));
                }
                break;
            case "kibana":
                // Kibana's rule export: the TOML seeds written as Kibana writes them, a few rules per file.
                var rules = Files(Path.Combine(Root, "rules"), "*.toml").Concat(Files(Path.Combine(Corpus, "detection-rules", "rules"), "*.toml").Take(90))
                    .Select(file => TomlRuleReader.Read(File.ReadAllText(file), file).Rule)
                    .OfType<Vigil.Rules.Rule>().ToList();
                foreach (var chunk in rules.Chunk(3))
                {
                    seeds.Add(Encoding.UTF8.GetBytes(KibanaNdjsonWriter.WriteToString(chunk)));
                }
                break;
            case "guide":
                foreach (var file in Files(Path.Combine(Corpus, "detection-rules", "rules"), "*.toml").Take(60))
                {
                    var text = File.ReadAllText(file);
                    var start = text.IndexOf("note = \"\"\"", StringComparison.Ordinal);
                    var end = start < 0 ? -1 : text.IndexOf("\"\"\"", start + 10, StringComparison.Ordinal);
                    if (end > start)
                    {
                        seeds.Add(Encoding.UTF8.GetBytes(text[(start + 10)..end]));
                    }
                }
                seeds.Add("## Triage\n- !{osquery{\"label\":\"q\",\"query\":\"SELECT * FROM processes WHERE pid = {{process.pid}}\"}}\n"u8.ToArray());
                break;
        }
        if (seeds.Count == 0)
        {
            seeds.Add("{}"u8.ToArray());
        }
        return seeds;
    }

    private static IEnumerable<string> Files(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [];

    /// <summary>The rule's query (TOML multi-line literal or basic string), or null.</summary>
    private static string? QueryOf(string toml)
    {
        foreach (var quote in new[] { "\'\'\'", "\"\"\"" })
        {
            var start = toml.IndexOf("query = " + quote, StringComparison.Ordinal);
            var end = start < 0 ? -1 : toml.IndexOf(quote, start + 11, StringComparison.Ordinal);
            if (end > start)
            {
                return toml[(start + 11)..end];
            }
        }
        return null;
    }
}
