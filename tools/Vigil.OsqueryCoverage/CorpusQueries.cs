using Vigil.Rules;
using Vigil.Rules.Guides;

namespace Vigil.OsqueryCoverage;

/// <summary>
/// Every Osquery query of the investigation guides under some rule paths: each rule's note rendered as Kibana
/// receives it (its <c>[[transform.osquery]]</c> entries become <c>!{osquery{…}}</c> blocks), read by the same
/// <see cref="GuideBuilder"/> as <c>vigil guide</c>, placeholders filled from <see cref="SampleAlert"/>.
/// </summary>
public static class CorpusQueries
{
    /// <summary>
    /// A Linux alert whose fields name things every host has, so filled queries find rows: the guides' placeholders
    /// (user.name, group.name, file.path, process.*…) take these values; any other field stays missing and its
    /// query is counted as skipped.
    /// </summary>
    public const string SampleAlert = """
        {"@timestamp":"2026-12-03T00:00:00Z","host":{"os":{"type":"linux"},"name":"localhost"},
         "user":{"name":"root","id":"0"},"group":{"name":"root","id":"0"},
         "file":{"path":"/etc/passwd","name":"passwd"},
         "process":{"pid":1,"name":"init","executable":"/sbin/init","user":{"id":"0","name":"root"},
                    "parent":{"pid":1,"name":"init","executable":"/sbin/init"}},
         "source":{"ip":"127.0.0.1"},"destination":{"ip":"127.0.0.1","port":22}}
        """;

    /// <summary>The queries, in rule file order; files or rules that cannot be read go to <paramref name="problems"/>.</summary>
    public static List<CorpusQuery> Read(IEnumerable<string> paths, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var alert = AlertDocument.Parse(SampleAlert);
        var missing = new List<RuleProblem>();
        var queries = new List<CorpusQuery>();
        foreach (string file in RuleLoader.FindFiles(paths, missing))
        {
            var loaded = RuleLoader.LoadFile(file);
            problems.AddRange(loaded.FileProblems.Where(p => p.IsError).Select(p => p.ToString()));
            foreach (var result in loaded.Rules)
            {
                if (result.Rule is not { } rule || RuleGuideSource.RenderNote(rule, null, out _) is not { } note)
                {
                    continue;
                }

                foreach (var item in GuideBuilder.Build(note, alert, rule.Name, rule.RuleId).Items.OfType<OsqueryGuideItem>())
                {
                    queries.Add(new CorpusQuery(file, rule.Name, item));
                }
            }
        }

        problems.AddRange(missing.Select(p => p.ToString()));
        return queries;
    }
}
