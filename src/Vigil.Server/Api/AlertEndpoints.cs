using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Rules;
using Vigil.Server.Alerts;
using Vigil.Server.Alerts.Http;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>Kibana's alert API: <c>signals/search</c>, <c>signals/status</c>, tags, assignees, and the guide of an alert.</summary>
public static class AlertEndpoints
{
    /// <summary>Maps the routes.</summary>
    /// <param name="routes">The application.</param>
    /// <param name="context">The running service; its alert store must also be an <see cref="IAlertDocumentStore"/> (501 otherwise).</param>
    /// <param name="findRule">
    /// The loaded rule with a given <c>rule_id</c> (the scheduler's); used for a guide in another language. Without it
    /// a guide is rendered from the note the alert carries.
    /// </param>
    public static void Map(IEndpointRouteBuilder routes, ServerContext context, Func<string, Rule?>? findRule = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(context);
        routes.MapPost("/api/detection_engine/signals/search",
            Handler(http => WithStore(context, store => AlertSearchHandler.HandleAsync(http, context, store))));
        routes.MapPost("/api/detection_engine/signals/status",
            Handler(http => WithStore(context, store => AlertWorkflowHandler.StatusAsync(http, context, store))));
        routes.MapPost("/api/detection_engine/signals/tags",
            Handler(http => WithStore(context, store => AlertWorkflowHandler.TagsAsync(http, store))));
        routes.MapPost("/api/detection_engine/signals/assignees",
            Handler(http => WithStore(context, store => AlertWorkflowHandler.AssigneesAsync(http, store))));
        routes.MapGet("/api/vigil/alerts/{id}",
            (string id) => WithStore(context, store => Task.FromResult(AlertDocumentHandler.Get(id, store))));
        routes.MapGet("/api/vigil/alerts/{id}/guide",
            (string id, string? format, string? lang) => WithStore(context, store => Task.FromResult(AlertDocumentHandler.Guide(id, format, lang, store, findRule))));
    }

    // A handler typed as returning Task<IResult>, so the result is written (not taken for a RequestDelegate).
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    private static Task<IResult> WithStore(ServerContext context, Func<IAlertDocumentStore, Task<IResult>> handler) =>
        context.Alerts is IAlertDocumentStore store
            ? handler(store)
            : Task.FromResult(KibanaErrors.Platform(501, "the alert store does not support queries"));
}
