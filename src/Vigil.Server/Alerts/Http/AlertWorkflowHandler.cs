using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vigil.Detection.Alerts;
using Vigil.Server.Alerts.Search;
using Vigil.Server.Alerts.Workflow;
using Vigil.Server.Hosting;

namespace Vigil.Server.Alerts.Http;

/// <summary>
/// Kibana's workflow routes: <c>signals/status</c> (by ids or by query), <c>signals/tags</c> and
/// <c>signals/assignees</c>, each answered with the update_by_query response Kibana passes through.
/// </summary>
internal static class AlertWorkflowHandler
{
    public static async Task<IResult> StatusAsync(HttpContext http, ServerContext context, IAlertDocumentStore store)
    {
        if (RequestJson.CheckXsrf(http) is { } refused)
        {
            return refused;
        }
        var watch = Stopwatch.StartNew();
        var (document, error) = await RequestJson.ReadAsync(http).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            if (document is not { RootElement.ValueKind: JsonValueKind.Object })
            {
                return KibanaErrors.Platform(400, "[request body]: expected an object with signal_ids or query, and status");
            }
            var body = document.RootElement;
            if (!body.TryGetProperty("status", out var statusValue) || statusValue.ValueKind != JsonValueKind.String
                || !WorkflowStatuses.Statuses.Contains(statusValue.GetString()!))
            {
                return KibanaErrors.Platform(400, "[request body]: status: Invalid enum value. Expected 'open' | 'closed' | 'acknowledged' | 'in-progress'"
                    + (statusValue.ValueKind == JsonValueKind.String ? $", received '{statusValue.GetString()}'" : ", received none"));
            }
            var status = statusValue.GetString()!;
            string? reason = null;
            if (body.TryGetProperty("reason", out var reasonValue) && reasonValue.ValueKind != JsonValueKind.Null)
            {
                if (reasonValue.ValueKind != JsonValueKind.String)
                {
                    return KibanaErrors.Platform(400, "[request body]: reason: Expected string");
                }
                // Kibana validates and keeps a reason only when closing.
                if (status == "closed")
                {
                    reason = reasonValue.GetString();
                    if (!WorkflowStatuses.Reasons.Contains(reason!))
                    {
                        return KibanaErrors.Route(400, [$"Reason \"{reason}\" is not a valid closing reason; valid reasons: {string.Join(", ", WorkflowStatuses.Reasons)}"]);
                    }
                }
            }

            List<string> ids;
            if (body.TryGetProperty("signal_ids", out var idsValue))
            {
                if (!RequestJson.TryStrings(idsValue, out ids))
                {
                    return KibanaErrors.Platform(400, "[request body]: signal_ids: expected a non-empty array of non-empty strings");
                }
            }
            else if (body.TryGetProperty("query", out var queryValue))
            {
                if (queryValue.ValueKind != JsonValueKind.Object)
                {
                    return KibanaErrors.Platform(400, "[request body]: query: Expected object");
                }
                try
                {
                    // Kibana runs update_by_query with {bool: {filter: query}}.
                    var query = new QueryParser(context.Clock.UtcNow).Parse(queryValue, "query");
                    var matches = new AlertSearch(store).Matching(query);
                    ids = matches.ConvertAll(m => m.Id);
                    matches.ForEach(m => m.Dispose());
                }
                catch (DslException ex)
                {
                    return KibanaErrors.Query(ex);
                }
            }
            else
            {
                return KibanaErrors.Platform(400, "[request body]: either signal_ids or query is required");
            }

            var updatedAt = AlertTime.ToIso(context.Clock.UtcNow);
            var matched = store.Update(ids, AlertMutations.SetStatus(status, RequestJson.User(http), updatedAt, reason));
            return UpdateByQueryResponse.For(matched, watch.ElapsedMilliseconds);
        }
    }

    public static Task<IResult> TagsAsync(HttpContext http, IAlertDocumentStore store) =>
        EditListAsync(http, store, "tags", "tags_to_add", "tags_to_remove", AlertMutations.Tags,
            "No alert ids were provided", d => $"Duplicate tags {d} were found in the tags_to_add and tags_to_remove parameters.");

    public static Task<IResult> AssigneesAsync(HttpContext http, IAlertDocumentStore store) =>
        EditListAsync(http, store, "assignees", "add", "remove", AlertMutations.Assignees,
            null, d => $"Duplicate assignees {d} were found in the add and remove parameters.");

    private static async Task<IResult> EditListAsync(HttpContext http, IAlertDocumentStore store, string objectName, string addName,
        string removeName, string key, string? noIdsMessage, Func<string, string> duplicatesMessage)
    {
        if (RequestJson.CheckXsrf(http) is { } refused)
        {
            return refused;
        }
        var watch = Stopwatch.StartNew();
        var (document, error) = await RequestJson.ReadAsync(http).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            if (document is not { RootElement.ValueKind: JsonValueKind.Object })
            {
                return KibanaErrors.Platform(400, $"[request body]: expected an object with ids and {objectName}");
            }
            var body = document.RootElement;
            if (!body.TryGetProperty("ids", out var idsValue) || !RequestJson.TryStrings(idsValue, out var ids, allowEmpty: noIdsMessage is not null))
            {
                return KibanaErrors.Platform(400, "[request body]: ids: expected an array of non-empty strings" + (noIdsMessage is null ? " (at least one)" : ""));
            }
            if (!body.TryGetProperty(objectName, out var edit) || edit.ValueKind != JsonValueKind.Object
                || !edit.TryGetProperty(addName, out var addValue) || !RequestJson.TryStrings(addValue, out var add, allowEmpty: true)
                || !edit.TryGetProperty(removeName, out var removeValue) || !RequestJson.TryStrings(removeValue, out var remove, allowEmpty: true))
            {
                return KibanaErrors.Platform(400, $"[request body]: {objectName}: expected {{{addName}: [strings], {removeName}: [strings]}}");
            }
            var problems = new List<string>();
            if (ids.Count == 0 && noIdsMessage is not null)
            {
                problems.Add(noIdsMessage);
            }
            var duplicates = add.Where(remove.Contains).ToList();
            if (duplicates.Count > 0)
            {
                problems.Add(duplicatesMessage(JsonSerializer.Serialize(duplicates)));
            }
            if (problems.Count > 0)
            {
                return KibanaErrors.Route(400, problems, asList: true);
            }
            var matched = store.Update(ids, AlertMutations.EditList(key, add, remove));
            return UpdateByQueryResponse.For(matched, watch.ElapsedMilliseconds);
        }
    }
}
