using Vigil.Detection.Engine;

namespace Vigil.Cli.Tests;

/// <summary><see cref="RuleSetLoader"/>: rules that can run are prepared, the others counted by reason, problems returned as values.</summary>
public sealed class RuleSetLoaderTests
{
    private static string? Corpus()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "detection-rules", "rules");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
            dir = dir.Parent;
        }
        return null;
    }

    [Fact]
    public void SkippedRulesAreCountedByReasonWithTheirReasonsAsValues()
    {
        var corpus = Corpus();
        if (corpus is null)
        {
            return; // The shared corpus is not beside this checkout.
        }
        var work = Directory.CreateTempSubdirectory("vigil-ruleset-");
        try
        {
            // One rule of each kind, chosen by reading their `type` / `language` lines.
            foreach (var file in new[]
            {
                "linux/command_and_control_cat_network_activity.toml", // eql
                "linux/collection_linux_clipboard_activity.toml", // new_terms, kuery
                "cross-platform/execution_aws_ec2_lolbin_via_ssm.toml", // esql
                "integrations/gcp/ml_gcp_rare_method_by_city.toml", // machine_learning
            })
            {
                File.Copy(Path.Combine(corpus, file), Path.Combine(work.FullName, Path.GetFileName(file)));
            }
            var set = RuleSetLoader.Load([work.FullName]);
            Assert.Equal(4, set.Loaded);
            // The eql and the new_terms rule run; ES|QL and machine learning stay skipped.
            Assert.Equal(
                new[] { "884e87cc-c67b-4c90-a4ed-e1e24a940c82", "afd04601-12fc-4149-9b78-9c3f8fe45d39" },
                set.Prepared.Select(p => p.Rule.RuleId).Order(StringComparer.Ordinal).ToArray());
            Assert.Equal(2, set.Skipped);
            Assert.False(set.SkippedByReason.ContainsKey("new_terms"));
            Assert.Equal(1, set.SkippedByReason["ES|QL"]);
            Assert.Equal(1, set.SkippedByReason["machine learning"]);
            Assert.False(set.HadErrors);
            // Each skipped rule says why (not an error of the rule file).
            Assert.Empty(set.Problems);
            Assert.Equal(2, set.CannotRun.Count);
            Assert.Contains(set.CannotRun, p => p.Contains("ES|QL engine", StringComparison.Ordinal));
            Assert.Contains(set.CannotRun, p => p.Contains("machine learning job", StringComparison.Ordinal));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void RulesArePreparedAndReportedInFileOrderWhateverTheCores()
    {
        // Files are parsed and rules prepared in parallel; the set, its messages and the log must still follow the
        // files' ordinal order. The expected order is read here from the files themselves (their rule_id lines).
        var corpus = Corpus();
        Assert.NotNull(corpus);
        var work = Directory.CreateTempSubdirectory("vigil-ruleset-order-");
        try
        {
            var sources = Directory.GetFiles(Path.Combine(corpus, "linux"), "*.toml").Order(StringComparer.Ordinal).Take(120).ToArray();
            for (int i = 0; i < sources.Length; i++)
            {
                string text = File.ReadAllText(sources[i]);
                if (i % 17 == 5)
                {
                    // A query that cannot parse: the rule is skipped with its reason, in its place.
                    text = System.Text.RegularExpressions.Regex.Replace(text, "(?ms)^query = '''.*?'''", "query = \"process where ((\"");
                }
                File.WriteAllText(Path.Combine(work.FullName, $"{i:D3}-{Path.GetFileName(sources[i])}"), text);
            }
            var expected = Directory.GetFiles(work.FullName).Order(StringComparer.Ordinal)
                .Select(f => System.Text.RegularExpressions.Regex.Match(File.ReadAllText(f), "(?m)^rule_id = \"([^\"]+)\"").Groups[1].Value)
                .ToArray();
            var log = new List<string>();
            var set = RuleSetLoader.Load([work.FullName], log: log.Add);
            var logged = log.Where(l => l.StartsWith("rule loaded: ", StringComparison.Ordinal) || l.StartsWith("rule skipped: ", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(' ')[0])
                .ToArray();
            Assert.Equal(expected, logged);
            Assert.Equal(expected.Where(id => set.Prepared.Any(p => p.Rule.RuleId == id)), set.Prepared.Select(p => p.Rule.RuleId));
            Assert.True(set.Skipped >= sources.Length / 17, $"skipped {set.Skipped}");
            // The reasons come in the skipped rules' order too.
            var skippedIds = log.Where(l => l.StartsWith("rule skipped: ", StringComparison.Ordinal)).Select(l => l["rule skipped: ".Length..].Split(' ')[0]).ToArray();
            var reasonIds = set.CannotRun.Select(c => expected.First(id => c.Contains(id, StringComparison.Ordinal))).Distinct().ToArray();
            Assert.Equal(skippedIds.Where(reasonIds.Contains), reasonIds);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void AMissingRuleFolderIsAnErrorValue()
    {
        var set = RuleSetLoader.Load([Path.Combine(Path.GetTempPath(), "vigil-no-such-rules-" + Environment.ProcessId)]);
        Assert.Empty(set.Prepared);
        Assert.Equal(0, set.Loaded);
        Assert.True(set.HadErrors, string.Join('\n', set.Problems));
    }
}
