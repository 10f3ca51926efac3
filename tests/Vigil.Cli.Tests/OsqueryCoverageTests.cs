using Vigil.Agent.Osquery;
using Vigil.OsqueryCoverage;

namespace Vigil.Cli.Tests;

/// <summary>
/// The corpus coverage tool: queries taken from guides as <c>vigil guide</c> fills them, each classified by what
/// the host tables make of it; and, over the detection-rules corpus when it is beside this checkout, every query
/// that fails does so only for a Windows table osquery has no Linux version of.
/// </summary>
public sealed class OsqueryCoverageTests : IDisposable
{
    // osquery's Windows-only tables the corpus's Windows guides use (specs/windows/*.table).
    private static readonly HashSet<string> WindowsTables = ["services", "dns_cache", "drivers", "registry", "authenticode"];

    private readonly string dir = Directory.CreateTempSubdirectory("vigil-coverage-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void EachOutcomeIsNamedByWhatStoppedTheQuery()
    {
        string seed = File.ReadAllText(Path.Combine(RepoRoot(), "rules", "linux", "command_and_control_cat_network_activity.toml"));
        string edited = seed
            .Replace("SELECT pid, address, port, socket, protocol, path FROM listening_ports", "SELECT * FROM no_such_table", StringComparison.Ordinal)
            .Replace("SELECT pid, family, remote_address, remote_port, socket, state FROM process_open_sockets", "SELECT zzz FROM users", StringComparison.Ordinal)
            .Replace("SELECT * FROM logged_in_users WHERE user = {{user.name}}", "SELECT * FROM logged_in_users WHERE user = {{user.nickname}}", StringComparison.Ordinal);
        Assert.NotEqual(seed, edited);
        File.WriteAllText(Path.Combine(dir, "rule.toml"), edited);

        var problems = new List<string>();
        var outcomes = CorpusQueries.Read([dir], problems).Select(q => QueryOutcome.Of(q, new HostQueryEngine())).ToList();

        Assert.Empty(problems);
        Assert.Equal(
            ["unknown table no_such_table", "unknown column zzz", "runs", "skipped: needs user.nickname", "runs", "runs"],
            outcomes);
    }

    [Fact]
    public void EveryCorpusQueryOnALinuxTableRunsOnThisHost()
    {
        string corpus = Path.Combine(RepoRoot(), "..", "..", "shared", "corpus", "detection-rules");
        if (!Directory.Exists(corpus))
        {
            corpus = Path.Combine(RepoRoot(), "..", "shared", "corpus", "detection-rules");
        }

        Assert.True(Directory.Exists(corpus), $"the shared corpus is not beside this checkout ({corpus})");

        var problems = new List<string>();
        var queries = CorpusQueries.Read([Path.Combine(corpus, "rules"), Path.Combine(corpus, "rules_building_block")], problems);
        var engine = new HostQueryEngine();
        var outcomes = queries.Select(q => (q, Outcome: QueryOutcome.Of(q, engine))).ToList();

        // The corpus holds some 400 guide queries; far fewer means the extraction broke, not the tables.
        Assert.True(queries.Count > 400, $"only {queries.Count} queries read");
        var unexpected = outcomes
            .Where(o => o.Outcome != "runs" && !(o.Outcome.StartsWith("unknown table ", StringComparison.Ordinal) && WindowsTables.Contains(o.Outcome["unknown table ".Length..])))
            .Select(o => $"{o.Outcome}: {o.q.RuleFile}: {o.q.Item.Query.Text}")
            .ToList();
        Assert.True(unexpected.Count == 0, string.Join('\n', unexpected));
        Assert.Contains(outcomes, o => o.Outcome == "runs" && o.q.Item.Query.Text.Contains("FROM file", StringComparison.Ordinal));
    }

    private static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Vigil.slnx")))
        {
            d = d.Parent;
        }

        return d?.FullName ?? throw new InvalidOperationException("no Vigil.slnx above " + AppContext.BaseDirectory);
    }
}
