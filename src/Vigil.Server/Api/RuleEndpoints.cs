using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Detection.Alerts;
using Vigil.Detection.Schedule;
using Vigil.Server.Clock;
using Vigil.Server.Hosting;
using Vigil.Server.Scheduling;
using Vigil.Events.Json;

namespace Vigil.Server.Api;

/// <summary>
/// Kibana's detection-engine rule API (<c>_find</c>, read, <c>_bulk_action</c> <c>run</c>), Vigil's <c>_reload</c>, and
/// the test hooks: <c>POST /_vigil/clock</c> (manual clock only) and <c>GET /_vigil/scheduler/idle</c>.
/// </summary>
public static class RuleEndpoints
{
    private const string Rules = "/api/detection_engine/rules";

    /// <summary>Kibana refuses a manual run reaching back further than this.</summary>
    public static readonly TimeSpan MaxManualRunRange = TimeSpan.FromDays(90);

    public static void Map(IEndpointRouteBuilder routes, RuleScheduler scheduler)
    {
        routes.MapGet(Rules + "/_find", http => Find(http, scheduler));
        routes.MapGet(Rules, http => Read(http, scheduler));
        routes.MapPost(Rules + "/_bulk_action", http => BulkAction(http, scheduler));
        routes.MapPost(Rules + "/_reload", http => Reload(http, scheduler));
        routes.MapPost("/_vigil/clock", http => SetClock(http, scheduler.Context.Clock));
        routes.MapGet("/_vigil/clock", http => Write(http, 200, ClockJson(scheduler.Context.Clock)));
        routes.MapGet("/_vigil/scheduler/idle", http => Idle(http, scheduler));
    }

    private static Task Find(HttpContext http, RuleScheduler scheduler)
    {
        var query = RuleFindQuery.Parse(key => http.Request.Query.TryGetValue(key, out var v) ? v.ToString() : null, out var error);
        if (query is null)
        {
            return Write(http, 400, RuleApiJson.Error(400, error!));
        }
        var all = scheduler.Rules.Select(RuleApiJson.Rule).ToList();
        var (page, total) = query.Apply(all);
        var data = new JsonArray();
        foreach (var rule in page)
        {
            data.Add(rule);
        }
        return Write(http, 200, new JsonObject { ["page"] = query.Page, ["perPage"] = query.PerPage, ["total"] = total, ["data"] = data });
    }

    private static Task Read(HttpContext http, RuleScheduler scheduler)
    {
        var id = http.Request.Query["id"].ToString();
        var ruleId = http.Request.Query["rule_id"].ToString();
        if (id.Length == 0 && ruleId.Length == 0)
        {
            return Write(http, 400, RuleApiJson.Error(400, "either \"id\" or \"rule_id\" must be set"));
        }
        var view = scheduler.Rules.FirstOrDefault(r => id.Length > 0 ? r.Prepared.Rule.Uuid == id : r.Prepared.Rule.RuleId == ruleId);
        if (view is null)
        {
            var message = id.Length > 0 ? $"id: \"{id}\" not found" : $"rule_id: \"{ruleId}\" not found";
            return Write(http, 404, RuleApiJson.Error(404, message));
        }
        return Write(http, 200, RuleApiJson.Rule(view));
    }

    private static async Task Reload(HttpContext http, RuleScheduler scheduler)
    {
        if (!HasXsrf(http))
        {
            await Write(http, 400, XsrfError()).ConfigureAwait(false);
            return;
        }
        var set = await scheduler.ReloadAsync(http.RequestAborted).ConfigureAwait(false);
        var problems = new JsonArray();
        foreach (var p in set.Problems)
        {
            problems.Add(p);
        }
        await Write(http, 200, new JsonObject
        {
            ["acknowledged"] = true,
            ["rules_count"] = set.Rules.Count,
            ["problems"] = problems,
        }).ConfigureAwait(false);
    }

    private static async Task BulkAction(HttpContext http, RuleScheduler scheduler)
    {
        if (!HasXsrf(http))
        {
            await Write(http, 400, XsrfError()).ConfigureAwait(false);
            return;
        }
        var body = await ReadBody(http).ConfigureAwait(false);
        if (body is not JsonObject request)
        {
            await Write(http, 400, RuleApiJson.Error(400, "the body must be a JSON object such as {\"action\":\"run\",\"ids\":[…],\"run\":{\"start_date\":…}}")).ConfigureAwait(false);
            return;
        }
        var action = request["action"] is JsonValue a && a.TryGetValue<string>(out var text) ? text : null;
        if (action != "run")
        {
            await Write(http, 400, RuleApiJson.Error(400, action is null
                ? "action: Required"
                : $"action \"{action}\" is not supported by Vigil: rules come from the --rules files (edit them and reload); only \"run\" (a manual run) is")).ConfigureAwait(false);
            return;
        }
        if (request["ids"] is not JsonArray idArray || idArray.Count == 0)
        {
            await Write(http, 400, RuleApiJson.Error(400, "ids: a manual run needs the rules' ids (a query is not supported)")).ConfigureAwait(false);
            return;
        }
        var ids = new List<string>();
        foreach (var item in idArray)
        {
            if (item is JsonValue v && v.TryGetValue<string>(out var id))
            {
                ids.Add(id);
            }
        }
        var now = scheduler.Context.Clock.UtcNow;
        var run = request["run"] as JsonObject;
        if (!TryTime(run?["start_date"], out var start))
        {
            await Write(http, 400, RuleApiJson.Error(400, "run.start_date: Required, an ISO-8601 time")).ConfigureAwait(false);
            return;
        }
        var end = now;
        if (run?["end_date"] is { } endNode && !TryTime(endNode, out end))
        {
            await Write(http, 400, RuleApiJson.Error(400, "run.end_date: an ISO-8601 time")).ConfigureAwait(false);
            return;
        }
        var invalid = end <= start ? "Backfill end must be greater than backfill start"
            : end > now ? "Backfill cannot be scheduled for the future"
            : now - start > MaxManualRunRange ? "Backfill cannot look back more than 90 days"
            : null;
        if (invalid is not null)
        {
            await Write(http, 400, RuleApiJson.Error(400, invalid)).ConfigureAwait(false);
            return;
        }

        var outcome = await scheduler.RunManualAsync(ids, start, end, http.RequestAborted).ConfigureAwait(false);
        var errors = new JsonArray();
        if (outcome.NotFound.Count > 0)
        {
            var missing = new JsonArray();
            foreach (var id in outcome.NotFound)
            {
                missing.Add(new JsonObject { ["id"] = id });
            }
            errors.Add(new JsonObject { ["message"] = "Rule not found", ["status_code"] = 404, ["rules"] = missing });
        }
        var runs = new JsonArray();
        foreach (var (rule, executions) in outcome.Ran)
        {
            runs.Add(new JsonObject
            {
                ["id"] = rule.Prepared.Rule.Uuid,
                ["rule_id"] = rule.Prepared.Rule.RuleId,
                ["executions"] = executions.Count,
                ["alerts_created"] = executions.Sum(e => e.AlertsCreated),
                ["alerts_already_stored"] = executions.Sum(e => e.Duplicates),
                ["status"] = executions.Count == 0 ? RuleExecutionStatus.Succeeded
                    : executions.MaxBy(e => e.StatusOrder)!.Status,
            });
        }
        var succeeded = outcome.Ran.Count;
        var failed = outcome.NotFound.Count;
        var attributes = new JsonObject
        {
            ["results"] = new JsonObject { ["updated"] = new JsonArray(), ["created"] = new JsonArray(), ["deleted"] = new JsonArray(), ["skipped"] = new JsonArray() },
            ["summary"] = new JsonObject { ["failed"] = failed, ["skipped"] = 0, ["succeeded"] = succeeded, ["total"] = succeeded + failed },
        };
        JsonObject response;
        int status;
        if (failed == 0)
        {
            response = new JsonObject { ["success"] = true, ["rules_count"] = succeeded, ["attributes"] = attributes };
            status = 200;
        }
        else
        {
            attributes["errors"] = errors;
            response = new JsonObject
            {
                ["message"] = succeeded == 0 ? "Bulk edit failed" : "Bulk edit partially failed",
                ["status_code"] = 500,
                ["attributes"] = attributes,
            };
            status = 500;
        }
        response["vigil_runs"] = runs;
        await Write(http, status, response).ConfigureAwait(false);
    }

    private static async Task SetClock(HttpContext http, IClock clock)
    {
        if (clock is not ManualClock manual)
        {
            await Write(http, 404, RuleApiJson.Error(404, "the service runs on real time; start it with --clock to set the clock")).ConfigureAwait(false);
            return;
        }
        var body = await ReadBody(http).ConfigureAwait(false) as JsonObject;
        if (body?["now"] is { } nowNode)
        {
            if (!TryTime(nowNode, out var time))
            {
                await Write(http, 400, RuleApiJson.Error(400, "now: an ISO-8601 time")).ConfigureAwait(false);
                return;
            }
            if (time < manual.UtcNow)
            {
                await Write(http, 400, RuleApiJson.Error(400, $"now: the clock only moves forward (it is {AlertTime.ToIso(manual.UtcNow)})")).ConfigureAwait(false);
                return;
            }
            manual.Set(time);
        }
        else if (body?["advance"] is JsonValue advanceNode && advanceNode.TryGetValue<string>(out var advance)
            && Duration.TryParse(advance, out var by))
        {
            manual.Advance(by.ToTimeSpan());
        }
        else
        {
            await Write(http, 400, RuleApiJson.Error(400, "give {\"now\": \"<ISO time>\"} or {\"advance\": \"5m\"} (s, m, h or d)")).ConfigureAwait(false);
            return;
        }
        await Write(http, 200, ClockJson(clock)).ConfigureAwait(false);
    }

    private static async Task Idle(HttpContext http, RuleScheduler scheduler)
    {
        var timeout = TimeSpan.FromSeconds(30);
        if (http.Request.Query["timeout"].ToString() is { Length: > 0 } text)
        {
            if (!Duration.TryParse(text, out var d))
            {
                await Write(http, 400, RuleApiJson.Error(400, $"timeout: \"{text}\" is not a duration such as 30s")).ConfigureAwait(false);
                return;
            }
            timeout = d.ToTimeSpan();
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        limit.CancelAfter(timeout);
        try
        {
            await scheduler.WhenIdleAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            await Write(http, 504, new JsonObject { ["idle"] = false, ["now"] = AlertTime.ToIso(scheduler.Context.Clock.UtcNow) }).ConfigureAwait(false);
            return;
        }
        await Write(http, 200, new JsonObject { ["idle"] = true, ["now"] = AlertTime.ToIso(scheduler.Context.Clock.UtcNow) }).ConfigureAwait(false);
    }

    private static JsonObject ClockJson(IClock clock) => new()
    {
        ["now"] = AlertTime.ToIso(clock.UtcNow),
        ["manual"] = clock is ManualClock,
    };

    /// <summary>Kibana requires <c>kbn-xsrf</c> (any value) on state-changing calls.</summary>
    private static bool HasXsrf(HttpContext http) => KibanaXsrf.IsPresent(http);

    private static JsonObject XsrfError() => RuleApiJson.Error(400, KibanaXsrf.Message);

    private static async Task<JsonNode?> ReadBody(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        try
        {
            var node = JsonNode.Parse(buffer.ToArray());
            // A string naming half a surrogate pair would throw later, where its value is read: refuse the body.
            return JsonStrings.FindUnpairedSurrogate(buffer.ToArray()) >= 0 ? null : node;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryTime(JsonNode? node, out DateTimeOffset time)
    {
        time = default;
        return node is JsonValue v && v.TryGetValue<string>(out var text) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    private static Task Write(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }
}
