using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;

namespace Vigil.Server.Tests.Alerts;

/// <summary>Kibana's alert API through a real Kestrel server on loopback.</summary>
public sealed class AlertApiTests : IDisposable
{
    private const string Search = "/api/detection_engine/signals/search";
    private const string Status = "/api/detection_engine/signals/status";
    private const string Tags = "/api/detection_engine/signals/tags";
    private const string Assignees = "/api/detection_engine/signals/assignees";

    private readonly TempDirectory _dir = new();
    private readonly IReadOnlyDictionary<string, AlertDocument> _hand = AlertSamples.Hand();

    public void Dispose() => _dir.Dispose();

    private string Db => _dir.File("alerts.db");

    private async Task<AlertApiHost> StartAsync(Func<string, Vigil.Rules.Rule?>? findRule = null)
    {
        var host = await AlertApiHost.StartAsync(Db, AlertSamples.Now, findRule);
        host.Store.WriteNew(new[] { "a1", "a2", "b3", "b4", "a5" }.Select(l => _hand[l]).ToList());
        return host;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body, string Text)> PostAsync(AlertApiHost host, string path, string body, bool xsrf = true, string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (xsrf)
        {
            request.Headers.Add("kbn-xsrf", "true");
        }
        if (user is not null)
        {
            request.Headers.Add("X-Test-User", user);
        }
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON; the caller checks the text.
        }
        return (response.StatusCode, json, text);
    }

    private async Task<JsonObject> SourceAsync(AlertApiHost host, string label)
    {
        var response = await host.Client.GetAsync("/api/vigil/alerts/" + _hand[label].Id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["found"]!.GetValue<bool>());
        return body["_source"]!.AsObject();
    }

    private string Ids(params string[] labels) => string.Join(",", labels.Select(l => "\"" + _hand[l].Id + "\""));

    private string LabelsOf(JsonNode response)
    {
        var labelOf = _hand.ToDictionary(p => p.Value.Id, p => p.Key);
        return string.Join(",", response["hits"]!["hits"]!.AsArray().Select(h => labelOf[h!["_id"]!.GetValue<string>()]));
    }

    [Fact]
    public async Task Search_answers_in_elasticsearch_shape()
    {
        await using var host = await StartAsync();
        var (status, body, text) = await PostAsync(host, Search, """{"query": {"bool": {"filter": [{"term": {"kibana.alert.rule.name": "Alpha rule"}}, {"range": {"@timestamp": {"gte": "now-3h"}}}]}}, "sort": [{"@timestamp": {"order": "desc"}}]}""");
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal("a5,a2", LabelsOf(body!));
        Assert.Equal(2, body!["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.NotNull(body["took"]);
        Assert.Equal("Alpha rule", body["hits"]!["hits"]![0]!["_source"]!["kibana.alert.rule.name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Search, """{"query": {"match_all": {}}}""")]
    [InlineData(Status, """{"signal_ids": ["x"], "status": "closed"}""")]
    [InlineData(Tags, """{"ids": ["x"], "tags": {"tags_to_add": ["a"], "tags_to_remove": []}}""")]
    [InlineData(Assignees, """{"ids": ["x"], "assignees": {"add": ["u"], "remove": []}}""")]
    public async Task Posts_without_kbn_xsrf_get_400_as_kibana_answers(string path, string body)
    {
        await using var host = await StartAsync();
        var (status, json, _) = await PostAsync(host, path, body, xsrf: false);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, json!["statusCode"]!.GetValue<int>());
        Assert.Equal("Bad Request", json["error"]!.GetValue<string>());
        Assert.Equal("Request must contain a kbn-xsrf header.", json["message"]!.GetValue<string>());
        // Nothing changed.
        Assert.Equal("open", (await SourceAsync(host, "a1"))["kibana.alert.workflow_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_query_gets_400_naming_the_bad_part()
    {
        await using var host = await StartAsync();
        var (status, json, text) = await PostAsync(host, Search, """{"query": {"bool": {"filter": [{"term": {"host.name": "web-1"}}, {"rnage": {"@timestamp": {"gte": "now-1h"}}}]}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("parsing_exception", json!["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
        Assert.Contains("[rnage]", json["error"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("query.bool.filter[1]", text, StringComparison.Ordinal);
        Assert.Equal(400, json["status"]!.GetValue<int>());
        Assert.Equal(400, json["status_code"]!.GetValue<int>());

        var (badJson, body, _) = await PostAsync(host, Search, """{"query": {"term": """);
        Assert.Equal(HttpStatusCode.BadRequest, badJson);
        Assert.StartsWith("Invalid request payload JSON format", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Half a surrogate pair in a string: System.Text.Json throws when it is read (a 500 before); now a 400 naming it.
        var (surrogate, surrogateBody, _) = await PostAsync(host, Search, "{\"query\": {\"term\": {\"host.name\": \"web\\udd68\"}}}");
        Assert.Equal(HttpStatusCode.BadRequest, surrogate);
        Assert.Equal("Invalid request payload JSON format (line 1, byte 34): a \\u escape names half of a surrogate pair",
            surrogateBody!["message"]!.GetValue<string>());

        var (empty, emptyBody, _) = await PostAsync(host, Search, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Contains("at least 1 children", emptyBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var (statusByBadQuery, _, _) = await PostAsync(host, Status, """{"query": {"trem": {}}, "status": "closed"}""");
        Assert.Equal(HttpStatusCode.BadRequest, statusByBadQuery);
    }

    [Fact]
    public async Task Closing_by_ids_writes_the_workflow_fields_as_kibana_does()
    {
        await using var host = await StartAsync();
        var (status, body, text) = await PostAsync(host, Status, $$$"""{"signal_ids": [{{{Ids("a1", "b3")}}}, "missing"], "status": "closed", "reason": "false_positive"}""", user: "analyst");
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal(2, body!["total"]!.GetValue<int>());
        Assert.Equal(2, body["updated"]!.GetValue<int>());
        Assert.Empty(body["failures"]!.AsArray());
        Assert.False(body["timed_out"]!.GetValue<bool>());

        var a1 = await SourceAsync(host, "a1");
        Assert.Equal("closed", a1["kibana.alert.workflow_status"]!.GetValue<string>());
        Assert.Equal("analyst", a1["kibana.alert.workflow_user"]!.GetValue<string>());
        Assert.Equal("2026-01-01T14:00:00.000Z", a1["kibana.alert.workflow_status_updated_at"]!.GetValue<string>());
        Assert.Equal("false_positive", a1["kibana.alert.workflow_reason"]!.GetValue<string>());
        Assert.Equal("open", (await SourceAsync(host, "a2"))["kibana.alert.workflow_status"]!.GetValue<string>());

        // Reopening without a user (no authentication) and without a reason: the user is null, the reason removed.
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await PostAsync(host, Status, $$$"""{"signal_ids": [{{{Ids("a1")}}}], "status": "open"}""");
        a1 = await SourceAsync(host, "a1");
        Assert.Equal("open", a1["kibana.alert.workflow_status"]!.GetValue<string>());
        Assert.True(a1.ContainsKey("kibana.alert.workflow_user"));
        Assert.Null(a1["kibana.alert.workflow_user"]);
        Assert.Equal("2026-01-01T14:05:00.000Z", a1["kibana.alert.workflow_status_updated_at"]!.GetValue<string>());
        Assert.False(a1.ContainsKey("kibana.alert.workflow_reason"));

        // Setting the status an alert already has changes nothing (Kibana's script compares first).
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await PostAsync(host, Status, $$$"""{"signal_ids": [{{{Ids("a1")}}}], "status": "open"}""", user: "someone");
        a1 = await SourceAsync(host, "a1");
        Assert.Null(a1["kibana.alert.workflow_user"]);
        Assert.Equal("2026-01-01T14:05:00.000Z", a1["kibana.alert.workflow_status_updated_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_by_query_and_the_statuses_kibana_accepts()
    {
        await using var host = await StartAsync();
        var (status, body, text) = await PostAsync(host, Status, """{"query": {"term": {"host.name": "web-1"}}, "status": "acknowledged"}""");
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal(2, body!["updated"]!.GetValue<int>());
        var (_, found, _) = await PostAsync(host, Search, """{"query": {"term": {"kibana.alert.workflow_status": "acknowledged"}}}""");
        Assert.Equal("a1,b3", LabelsOf(found!));

        // The legacy "in-progress" is accepted and written as given; a reason is kept only when closing.
        await PostAsync(host, Status, $$$"""{"signal_ids": [{{{Ids("a2")}}}], "status": "in-progress", "reason": "duplicate"}""");
        var a2 = await SourceAsync(host, "a2");
        Assert.Equal("in-progress", a2["kibana.alert.workflow_status"]!.GetValue<string>());
        Assert.False(a2.ContainsKey("kibana.alert.workflow_reason"));

        var (badStatus, badBody, _) = await PostAsync(host, Status, $$$"""{"signal_ids": [{{{Ids("a2")}}}], "status": "done"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("'done'", badBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var (badReason, reasonBody, _) = await PostAsync(host, Status, $$$"""{"signal_ids": [{{{Ids("a2")}}}], "status": "closed", "reason": "bored"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badReason);
        Assert.Contains("bored", reasonBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var (noIds, _, _) = await PostAsync(host, Status, """{"signal_ids": [], "status": "closed"}""");
        Assert.Equal(HttpStatusCode.BadRequest, noIds);
        Assert.Equal("in-progress", (await SourceAsync(host, "a2"))["kibana.alert.workflow_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tags_and_assignees_are_added_and_removed_as_kibana_does()
    {
        await using var host = await StartAsync();
        var (status, body, text) = await PostAsync(host, Tags, $$$"""{"ids": [{{{Ids("a2", "b4")}}}], "tags": {"tags_to_add": ["t1", "t2", "t1"], "tags_to_remove": []}}""");
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal(2, body!["updated"]!.GetValue<int>());
        await PostAsync(host, Tags, $$$"""{"ids": [{{{Ids("a2")}}}], "tags": {"tags_to_add": ["t3", "t2"], "tags_to_remove": ["t1"]}}""");
        Assert.Equal(["t2", "t3"], (await SourceAsync(host, "a2"))["kibana.alert.workflow_tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["t1", "t2"], (await SourceAsync(host, "b4"))["kibana.alert.workflow_tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var (dup, dupBody, _) = await PostAsync(host, Tags, $$$"""{"ids": [{{{Ids("a2")}}}], "tags": {"tags_to_add": ["x"], "tags_to_remove": ["x"]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, dup);
        Assert.Equal("Duplicate tags [\"x\"] were found in the tags_to_add and tags_to_remove parameters.", dupBody!["message"]![0]!.GetValue<string>());
        Assert.Equal(400, dupBody["status_code"]!.GetValue<int>());
        var (none, noneBody, _) = await PostAsync(host, Tags, """{"ids": [], "tags": {"tags_to_add": ["x"], "tags_to_remove": []}}""");
        Assert.Equal(HttpStatusCode.BadRequest, none);
        Assert.Equal("No alert ids were provided", noneBody!["message"]![0]!.GetValue<string>());

        await PostAsync(host, Assignees, $$$"""{"ids": [{{{Ids("b3")}}}], "assignees": {"add": ["u_1", "u_2"], "remove": []}}""");
        var (_, assigned, _) = await PostAsync(host, Assignees, $$$"""{"ids": [{{{Ids("b3")}}}], "assignees": {"add": [], "remove": ["u_1"]}}""");
        Assert.Equal(1, assigned!["total"]!.GetValue<int>());
        Assert.Equal(["u_2"], (await SourceAsync(host, "b3"))["kibana.alert.workflow_assignee_ids"]!.AsArray().Select(t => t!.GetValue<string>()));
        var (dupAssignee, dupAssigneeBody, _) = await PostAsync(host, Assignees, $$$"""{"ids": [{{{Ids("b3")}}}], "assignees": {"add": ["u"], "remove": ["u"]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, dupAssignee);
        Assert.Contains("Duplicate assignees [\"u\"]", dupAssigneeBody!["message"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_changes_persist_across_a_restart()
    {
        await using (var host = await StartAsync())
        {
            await PostAsync(host, Status, $$$"""{"signal_ids": [{{{Ids("b4")}}}], "status": "closed", "reason": "duplicate"}""", user: "analyst");
            await PostAsync(host, Tags, $$$"""{"ids": [{{{Ids("b4")}}}], "tags": {"tags_to_add": ["kept"], "tags_to_remove": []}}""");
            await PostAsync(host, Assignees, $$$"""{"ids": [{{{Ids("b4")}}}], "assignees": {"add": ["u_9"], "remove": []}}""");
        }
        // A new server on the same database: the scheduler's re-run of the same alerts must not reset them.
        await using var restarted = await AlertApiHost.StartAsync(Db, AlertSamples.Now.AddHours(1));
        Assert.Empty(restarted.Store.WriteNew(_hand.Values.ToList()));
        var (_, found, _) = await PostAsync(restarted, Search, """{"query": {"bool": {"filter": [{"term": {"kibana.alert.workflow_status": "closed"}}, {"term": {"kibana.alert.workflow_tags": "kept"}}]}}}""");
        Assert.Equal("b4", LabelsOf(found!));
        var b4 = await SourceAsync(restarted, "b4");
        Assert.Equal("duplicate", b4["kibana.alert.workflow_reason"]!.GetValue<string>());
        Assert.Equal("analyst", b4["kibana.alert.workflow_user"]!.GetValue<string>());
        Assert.Equal(["u_9"], b4["kibana.alert.workflow_assignee_ids"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task An_alert_document_by_id_and_404_for_an_unknown_one()
    {
        await using var host = await StartAsync();
        var source = await SourceAsync(host, "b3");
        Assert.Equal(_hand["b3"].Id, source["kibana.alert.uuid"]!.GetValue<string>());
        var missing = await host.Client.GetAsync("/api/vigil/alerts/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["found"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_guide_of_an_alert_in_markdown_html_and_another_language()
    {
        var shell = AlertSamples.Scan().First(a => a.IsShell);
        var seed = AlertSamples.SeedRule();
        await using var host = await AlertApiHost.StartAsync(Db, AlertSamples.Now, ruleId => ruleId == seed.RuleId ? seed : null);
        host.Store.WriteNew([shell]);

        var md = await host.Client.GetAsync($"/api/vigil/alerts/{shell.Id}/guide?format=md");
        Assert.Equal(HttpStatusCode.OK, md.StatusCode);
        Assert.Equal("text/markdown", md.Content.Headers.ContentType!.MediaType);
        Assert.Contains("What this alert means", await md.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var html = await host.Client.GetAsync($"/api/vigil/alerts/{shell.Id}/guide");
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var htmlText = await html.Content.ReadAsStringAsync();
        Assert.Contains("<", htmlText, StringComparison.Ordinal);
        Assert.Contains("What this alert means", htmlText, StringComparison.Ordinal);

        // The zh-CN guide lives in the rule text only: found through the rule lookup.
        var zh = await host.Client.GetAsync($"/api/vigil/alerts/{shell.Id}/guide?format=md&lang=zh-CN");
        Assert.Contains("这条警报说明了什么", await zh.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync($"/api/vigil/alerts/{shell.Id}/guide?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/vigil/alerts/nope/guide")).StatusCode);
    }

    [Fact]
    public async Task Without_the_rule_the_guide_comes_from_the_note_the_alert_carries()
    {
        var shell = AlertSamples.Scan().First(a => a.IsShell);
        await using var host = await AlertApiHost.StartAsync(Db, AlertSamples.Now);
        host.Store.WriteNew([shell]);
        var zh = await host.Client.GetAsync($"/api/vigil/alerts/{shell.Id}/guide?format=md&lang=zh-CN");
        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        var text = await zh.Content.ReadAsStringAsync();
        Assert.Contains("What this alert means", text, StringComparison.Ordinal);
        Assert.DoesNotContain("这条警报说明了什么", text, StringComparison.Ordinal);
    }
}
