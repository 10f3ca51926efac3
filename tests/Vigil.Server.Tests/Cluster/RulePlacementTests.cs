using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Server.Cluster;
using Vigil.Server.Tests.Fakes;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.Cluster;

/// <summary>Which rules a partition owner may run alone (every correlated event shares host.id) and which run on the global worker.</summary>
public sealed class RulePlacementTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("process where process.name == \"sudo\"", true)]
    [InlineData("sequence by host.id [process where true] [network where true]", true)]
    [InlineData("sequence by host.id, user.name with maxspan=1m [process where true] [network where true]", true)]
    [InlineData("sequence by user.name, host.id [process where true] [network where true]", true)]
    [InlineData("sequence [process where true] by host.id [network where true] by host.id", true)]
    [InlineData("sequence by user.name [process where true] by host.id [network where true] by host.id", true)]
    [InlineData("sample by host.id [process where true] [network where true]", true)]
    [InlineData("sequence by user.name [process where true] [network where true]", false)]
    [InlineData("sequence by host.name [process where true] [network where true]", false)]
    [InlineData("sequence [process where true] [network where true]", false)]
    [InlineData("sequence [process where true] by host.id [network where true] by user.name", false)]
    [InlineData("sequence [process where true] by host.id, user.name [network where true] by user.name, host.id", false)]
    [InlineData("sequence [process where true] by host.id [network where true] by host.id until [process where true] by user.name", false)]
    [InlineData("sequence by host.id [process where true] [network where true] until [process where true]", true)]
    [InlineData("sample by source.ip [process where true] [network where true]", false)]
    [InlineData("process where true | head 5", false)]
    [InlineData("sequence by host.id [process where true] [network where true] | tail 1", false)]
    public void Eql_rules(string query, bool hostLocal)
    {
        var rule = Prepare(new JsonObject { ["type"] = "eql", ["language"] = "eql", ["query"] = query });
        Assert.Equal(hostLocal, RulePlacement.IsHostLocal(rule, out var reason));
        Assert.Equal(hostLocal, reason.Length == 0);
    }

    [Fact]
    public void Query_rules_are_per_event_unless_suppressed_across_hosts()
    {
        Assert.True(RulePlacement.IsHostLocal(Prepare(new JsonObject { ["type"] = "query", ["language"] = "kuery", ["query"] = "process.name:sudo" }), out _));
        var suppressed = new JsonObject
        {
            ["type"] = "query", ["language"] = "kuery", ["query"] = "process.name:sudo",
            ["alert_suppression"] = new JsonObject { ["group_by"] = new JsonArray("user.name") },
        };
        Assert.False(RulePlacement.IsHostLocal(Prepare(suppressed), out _));
        suppressed["alert_suppression"] = new JsonObject { ["group_by"] = new JsonArray("host.id", "user.name") };
        Assert.True(RulePlacement.IsHostLocal(Prepare(suppressed), out _));
    }

    [Theory]
    [InlineData("""["host.id","user.name"]""", true)]
    [InlineData("""["source.ip"]""", false)]
    [InlineData("""["host.name"]""", false)]
    [InlineData("""[]""", false)]
    public void Threshold_rules(string fields, bool hostLocal)
    {
        var rule = Prepare(new JsonObject
        {
            ["type"] = "threshold", ["language"] = "kuery", ["query"] = "event.category:network",
            ["threshold"] = new JsonObject { ["field"] = JsonNode.Parse(fields), ["value"] = 5 },
        });
        Assert.Equal(hostLocal, RulePlacement.IsHostLocal(rule, out _));
    }

    [Theory]
    [InlineData("""["host.id","process.executable"]""", true)]
    [InlineData("""["user.name"]""", false)]
    public void New_terms_rules(string fields, bool hostLocal)
    {
        var rule = Prepare(new JsonObject
        {
            ["type"] = "new_terms", ["language"] = "kuery", ["query"] = "event.category:process",
            ["new_terms_fields"] = JsonNode.Parse(fields), ["history_window_start"] = "now-7d",
        });
        Assert.Equal(hostLocal, RulePlacement.IsHostLocal(rule, out _));
    }

    [Fact]
    public void Threat_match_with_stored_indicators_is_global()
    {
        var rule = new JsonObject
        {
            ["type"] = "threat_match", ["language"] = "kuery", ["query"] = "destination.ip:*",
            ["threat_query"] = "@timestamp >= \"now-30d/d\"", ["threat_index"] = new JsonArray("logs-ti_*"),
            ["threat_mapping"] = JsonNode.Parse("""[{"entries":[{"field":"destination.ip","type":"mapping","value":"threat.indicator.ip"}]}]"""),
        };
        Assert.False(RulePlacement.IsHostLocal(Prepare(rule), out var reason));
        Assert.Contains("threat_index", reason, StringComparison.Ordinal);
    }

    /// <summary>The placement of every runnable rule of the corpus (rules and building blocks), by type.</summary>
    [Fact]
    public void Corpus_placement()
    {
        var corpus = Path.Combine(RepoFiles.Root, "..", "shared", "corpus", "detection-rules");
        if (!Directory.Exists(corpus))
        {
            output.WriteLine($"no corpus at {corpus}");
            return;
        }
        var set = RuleSetLoader.Load([Path.Combine(corpus, "rules"), Path.Combine(corpus, "rules_building_block")]);
        var rows = set.Prepared
            .GroupBy(r => r.Rule.Type == "eql" && r.Statement?.Query is Vigil.Eql.Syntax.SequenceQuery ? "eql sequence" : r.Rule.Type)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Type: g.Key, Total: g.Count(), Global: g.Count(r => !RulePlacement.IsHostLocal(r, out _))))
            .ToList();
        foreach (var (type, all, global) in rows)
        {
            output.WriteLine($"{type}: {all} runnable, {global} global, {all - global} host-local");
        }
        output.WriteLine($"total: {set.Prepared.Count} runnable, {rows.Sum(r => r.Global)} global");
        var sequences = rows.Single(r => r.Type == "eql sequence");
        // The earlier hand count found 34 sequences not keyed on a host-local field; host.id alone is stricter.
        Assert.InRange(sequences.Global, 34, sequences.Total);
        Assert.True(rows.Single(r => r.Type == "threshold").Global >= 21);
    }

    private static PreparedRule Prepare(JsonObject rule)
    {
        rule["rule_id"] ??= "r-" + Guid.NewGuid().ToString("N");
        rule["name"] ??= "placement test";
        rule["index"] ??= new JsonArray("logs-*");
        rule["risk_score"] ??= 21;
        rule["severity"] ??= "low";
        var problems = new List<string>();
        var prepared = RulePreparer.Prepare(rule, "test: ", problems);
        Assert.True(prepared is not null, string.Join('\n', problems));
        return prepared!;
    }
}
