using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Vigil.Server.Tests.Scheduling.ScheduleTestData;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>The rule API over HTTP on loopback: Kibana's shapes, the kbn-xsrf rule, the clock and idle hooks.</summary>
public sealed class RuleEndpointTests
{
    [Fact]
    public async Task Find_lists_the_rules_with_their_last_execution_after_a_clock_advance()
    {
        using var temp = new TempFolder();
        await using var h = new SchedulerHarness(temp.Sub("data"), [SeedRule], FixtureTime);
        await using var api = await RuleApiHost.StartAsync(h);
        var client = api.Client;

        var advanced = await client.PostAsync("/_vigil/clock", Json("""{"advance":"5m"}"""));
        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        Assert.Equal("2026-11-27T10:05:00.000Z", (await Body(advanced))["now"]!.GetValue<string>());
        var idle = await client.GetAsync("/_vigil/scheduler/idle?timeout=30s");
        Assert.Equal(HttpStatusCode.OK, idle.StatusCode);

        var found = await Body(await client.GetAsync("/api/detection_engine/rules/_find?page=1&per_page=10&sort_field=name&filter=alert.attributes.name:%22via%20cat%22"));
        Assert.Equal(1, found["total"]!.GetValue<int>());
        Assert.Equal(1, found["page"]!.GetValue<int>());
        Assert.Equal(10, found["perPage"]!.GetValue<int>());
        var rule = found["data"]![0]!;
        Assert.Equal("Network Activity Detected via cat", rule["name"]!.GetValue<string>());
        Assert.Equal("eql", rule["type"]!.GetValue<string>());
        Assert.Equal("5m", rule["interval"]!.GetValue<string>());
        Assert.Equal("now-9m", rule["from"]!.GetValue<string>());
        Assert.Equal(100, rule["max_signals"]!.GetValue<int>());
        Assert.True(rule["enabled"]!.GetValue<bool>());
        var last = rule["execution_summary"]!["last_execution"]!;
        Assert.Equal("2026-11-27T10:05:00.000Z", last["date"]!.GetValue<string>());
        Assert.Equal("succeeded", last["status"]!.GetValue<string>());
        Assert.Equal(0, last["status_order"]!.GetValue<int>());
        Assert.NotNull(last["metrics"]!["total_search_duration_ms"]);

        var none = await Body(await client.GetAsync("/api/detection_engine/rules/_find?filter=alert.attributes.name:%22no%20such%22"));
        Assert.Equal(0, none["total"]!.GetValue<int>());
        var badSort = await client.GetAsync("/api/detection_engine/rules/_find?sort_field=colour");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);

        var ruleId = rule["rule_id"]!.GetValue<string>();
        var byRuleId = await client.GetAsync("/api/detection_engine/rules?rule_id=" + ruleId);
        Assert.Equal(HttpStatusCode.OK, byRuleId.StatusCode);
        Assert.Equal(rule["id"]!.GetValue<string>(), (await Body(byRuleId))["id"]!.GetValue<string>());
        var missing = await client.GetAsync("/api/detection_engine/rules?rule_id=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("rule_id: \"nope\" not found", (await Body(missing))["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task State_changing_calls_need_kbn_xsrf_and_a_manual_run_answers_in_the_bulk_action_shape()
    {
        using var temp = new TempFolder();
        await using var h = new SchedulerHarness(temp.Sub("data"), [SeedRule], FixtureTime + TimeSpan.FromHours(1));
        await h.IdleAsync();
        var (events, _) = SpreadFixtures(FixtureTime, TimeSpan.FromSeconds(20));
        h.Events.Append(events.Select(e => e.ToIncoming(e.Time)).ToList());
        await using var api = await RuleApiHost.StartAsync(h);
        var client = api.Client;
        var id = Assert.Single(h.Scheduler.Rules).Prepared.Rule.Uuid;
        var body = $$$"""{"action":"run","ids":["{{{id}}}"],"run":{"start_date":"2026-11-27T09:58:00Z","end_date":"2026-11-27T10:20:00Z"}}""";

        var refused = await client.PostAsync("/api/detection_engine/rules/_bulk_action", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Request must contain a kbn-xsrf header.", (await Body(refused))["message"]!.GetValue<string>());
        Assert.Equal(0, h.Alerts.Count);
        var reloadRefused = await client.PostAsync("/api/detection_engine/rules/_reload", Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, reloadRefused.StatusCode);

        var ran = await Send(client, "/api/detection_engine/rules/_bulk_action", body);
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        var answer = await Body(ran);
        Assert.True(answer["success"]!.GetValue<bool>());
        Assert.Equal(1, answer["rules_count"]!.GetValue<int>());
        Assert.Equal(1, answer["attributes"]!["summary"]!["succeeded"]!.GetValue<int>());
        Assert.Equal(0, answer["attributes"]!["summary"]!["failed"]!.GetValue<int>());
        var oracle = Oracle([SeedRule], h.Events.All, new[] { 3, 8, 13, 18, 20 }.Select(m => FixtureTime + TimeSpan.FromMinutes(m)).ToList());
        Assert.Equal(oracle.Alerts.Count, h.Alerts.Count);
        Assert.Equal(oracle.Alerts.Count, answer["vigil_runs"]![0]!["alerts_created"]!.GetValue<int>());

        var again = await Body(await Send(client, "/api/detection_engine/rules/_bulk_action", body));
        Assert.Equal(0, again["vigil_runs"]![0]!["alerts_created"]!.GetValue<int>());
        Assert.Equal(oracle.Alerts.Count, h.Alerts.Count);

        var unknown = await Send(client, "/api/detection_engine/rules/_bulk_action",
            """{"action":"run","ids":["nope"],"run":{"start_date":"2026-11-27T09:58:00Z","end_date":"2026-11-27T10:20:00Z"}}""");
        Assert.Equal(HttpStatusCode.InternalServerError, unknown.StatusCode);
        var error = (await Body(unknown))["attributes"]!["errors"]![0]!;
        Assert.Equal(404, error["status_code"]!.GetValue<int>());
        Assert.Equal("nope", error["rules"]![0]!["id"]!.GetValue<string>());

        var backwards = await Send(client, "/api/detection_engine/rules/_bulk_action",
            $$$"""{"action":"run","ids":["{{{id}}}"],"run":{"start_date":"2026-11-27T10:20:00Z","end_date":"2026-11-27T09:58:00Z"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        var future = await Send(client, "/api/detection_engine/rules/_bulk_action",
            $$$"""{"action":"run","ids":["{{{id}}}"],"run":{"start_date":"2026-11-27T10:20:00Z","end_date":"2026-11-28T09:58:00Z"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        var delete = await Send(client, "/api/detection_engine/rules/_bulk_action", $$"""{"action":"delete","ids":["{{id}}"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);

        var reloaded = await Send(client, "/api/detection_engine/rules/_reload", "{}");
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        Assert.Equal(1, (await Body(reloaded))["rules_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_clock_can_only_be_set_when_it_is_manual_and_only_forward()
    {
        using var temp = new TempFolder();
        await using var h = new SchedulerHarness(temp.Sub("data"), [SeedRule], FixtureTime);
        await using var api = await RuleApiHost.StartAsync(h);
        var back = await api.Client.PostAsync("/_vigil/clock", Json("""{"now":"2026-11-27T09:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        var set = await api.Client.PostAsync("/_vigil/clock", Json("""{"now":"2026-11-27T11:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(FixtureTime + TimeSpan.FromHours(1), h.Clock.UtcNow);
        var nonsense = await api.Client.PostAsync("/_vigil/clock", Json("""{"advance":"soon"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Add("kbn-xsrf", "true");
        return client.SendAsync(request);
    }

    private static async Task<JsonNode> Body(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
