using System.Globalization;
using Vigil.Agent.Osquery;
using Vigil.OsqueryCoverage;

// Runs every Osquery query of the investigation guides under the given rule paths through Vigil's host tables and
// counts the outcomes: how much of the corpus `vigil guide --run` answers on this host, and which tables are missing.
// Usage: Vigil.OsqueryCoverage RULE_PATH... [--list]   (--list also prints each query that does not run)
bool list = args.Contains("--list");
string[] paths = [.. args.Where(a => a != "--list")];
if (paths.Length == 0)
{
    Console.Error.WriteLine("usage: Vigil.OsqueryCoverage RULE_PATH... [--list]");
    return 2;
}

var problems = new List<string>();
var queries = CorpusQueries.Read(paths, problems);
foreach (string problem in problems)
{
    Console.Error.WriteLine($"warning: {problem}");
}

var engine = new HostQueryEngine();
var outcomes = queries.Select(q => (Query: q, Outcome: QueryOutcome.Of(q, engine))).ToList();
int runs = outcomes.Count(o => o.Outcome == "runs");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{queries.Count} guide queries in {queries.Select(q => q.RuleFile).Distinct().Count()} rule files; {runs} run ({(queries.Count == 0 ? 0 : 100.0 * runs / queries.Count):F1} %)"));
foreach (var group in outcomes.GroupBy(o => o.Outcome).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{group.Count(),6}  {group.Key}"));
}

if (list)
{
    foreach (var (query, outcome) in outcomes.Where(o => o.Outcome != "runs"))
    {
        Console.WriteLine($"{outcome}\t{query.RuleFile}\t{query.Item.Query.Text.ReplaceLineEndings(" ")}");
    }
}

return 0;
