using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vigil.Server.Alerts.Search;
using Vigil.Server.Hosting;

namespace Vigil.Server.Alerts.Http;

/// <summary><c>POST /api/detection_engine/signals/search</c>: the query DSL subset over the alert store, answered as Elasticsearch answers a search.</summary>
internal static class AlertSearchHandler
{
    public static async Task<IResult> HandleAsync(HttpContext http, ServerContext context, IAlertDocumentStore store)
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
            SearchRequest request;
            try
            {
                var body = document?.RootElement ?? default;
                request = body.ValueKind == JsonValueKind.Undefined
                    ? throw new DslException("validation_exception", "\"value\" must have at least 1 children")
                    : SearchRequestParser.Parse(body, context.Clock.UtcNow);
            }
            catch (DslException ex)
            {
                return KibanaErrors.Query(ex);
            }

            var search = new AlertSearch(store);
            var matches = search.Matching(request.Query);
            try
            {
                var sorted = search.Sorted(matches, request.Sort);
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, Vigil.Detection.Alerts.AlertJsonWriter.WriterOptions))
                {
                    SearchResponseWriter.Write(writer, request, matches, sorted, watch.ElapsedMilliseconds, request.Query.Scores);
                }
                return Results.Bytes(buffer.ToArray(), "application/json; charset=utf-8");
            }
            finally
            {
                matches.ForEach(m => m.Dispose());
            }
        }
    }
}
