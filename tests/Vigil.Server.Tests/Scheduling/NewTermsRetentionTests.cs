using System.Text.Json.Nodes;
using Vigil.Server.Scheduling;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>Retention keeps what new_terms reads: its history range reaches back to history_window_start.</summary>
public sealed class NewTermsRetentionTests
{
    [Fact]
    public void A_new_terms_rule_reaches_back_to_its_history_window_start()
    {
        using var temp = new TempFolder();
        var path = temp.Sub("rules.ndjson");
        JsonObject Rule(string id, string type)
        {
            var r = new JsonObject
            {
                ["rule_id"] = id, ["name"] = id, ["description"] = "retention", ["type"] = type, ["language"] = "kuery",
                ["query"] = "event.action:\"logged-in\"", ["index"] = new JsonArray("logs-*"), ["severity"] = "low", ["risk_score"] = 21,
                ["from"] = "now-10m", ["interval"] = "5m", ["version"] = 1,
            };
            if (type == "new_terms")
            {
                r["new_terms_fields"] = new JsonArray("user.name");
                r["history_window_start"] = "now-3d";
            }
            return r;
        }
        File.WriteAllText(path, Rule("q", "query").ToJsonString() + "\n" + Rule("nt", "new_terms").ToJsonString() + "\n");
        var set = LoadedRuleSet.Load([path], [], _ => { });
        var now = DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var query = RuleScheduler.ReachBack(set.Rules.Single(r => r.Rule.RuleId == "q"), now);
        var newTerms = RuleScheduler.ReachBack(set.Rules.Single(r => r.Rule.RuleId == "nt"), now);

        // The same catch-up beyond the reach: the query rule's reach is its 10 minute look-back, new_terms' its 3 days.
        Assert.Equal(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(10), newTerms - query);
    }
}
