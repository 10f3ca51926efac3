using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Hosting;
using Vigil.Server.Ingest;

namespace Vigil.Server.Api;

/// <summary>Elasticsearch's document API as shippers use it: <c>_bulk</c>, <c>_doc</c>, <c>_create</c>.</summary>
public static class IngestEndpoints
{
    /// <summary>Ingest requests worked on at once; more wait (then 429). Each holds its body: 16 × --max-body at worst.</summary>
    public const int ConcurrentRequests = 16;

    private static readonly string[] WriteMethods = ["POST", "PUT"];

    public static void Map(IEndpointRouteBuilder routes, ServerContext context)
    {
        var ingester = new DocumentIngester(context);
        var throttle = new IngestThrottle(ConcurrentRequests, TimeSpan.FromSeconds(30));
        routes.MapMethods("/_bulk", WriteMethods, http => Guarded(http, context, throttle, () => BulkAsync(http, context, ingester, null)));
        routes.MapMethods("/{index}/_bulk", WriteMethods, http => Guarded(http, context, throttle, () => BulkAsync(http, context, ingester, RouteText(http, "index"))));
        routes.MapPost("/{index}/_doc", http => Guarded(http, context, throttle, () => SingleAsync(http, context, ingester, BulkActionKind.Index, null)));
        routes.MapMethods("/{index}/_doc/{id}", WriteMethods, http =>
        {
            var kind = http.Request.Query["op_type"] == "create" ? BulkActionKind.Create : BulkActionKind.Index;
            return Guarded(http, context, throttle, () => SingleAsync(http, context, ingester, kind, RouteText(http, "id")));
        });
        routes.MapMethods("/{index}/_create/{id}", WriteMethods, http =>
            Guarded(http, context, throttle, () => SingleAsync(http, context, ingester, BulkActionKind.Create, RouteText(http, "id"))));
    }

    private static string RouteText(HttpContext http, string name) => Convert.ToString(http.Request.RouteValues[name], CultureInfo.InvariantCulture) ?? "";

    private static async Task BulkAsync(HttpContext http, ServerContext context, DocumentIngester ingester, string? defaultIndex)
    {
        var clock = Stopwatch.StartNew();
        using var body = await RequestBody.ReadAsync(http.Request, context.Options.MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        context.Metrics.RequestBytes.Add(body.Length);
        var operations = new List<BulkOperation>(Math.Max(16, body.Length / 1024));
        BulkRequestParser.Parse(body.Memory, defaultIndex, operations);
        if (operations.Count == 0)
        {
            throw new BulkFormatException("action_request_validation_exception", "Validation Failed: 1: no requests added;");
        }
        var results = await ingester.IngestAsync(operations, http.RequestAborted).ConfigureAwait(false);
        context.Metrics.BulkRequests.Increment();
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        BulkResponseWriter.WriteBulk(http.Response.BodyWriter, results, clock.ElapsedMilliseconds);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task SingleAsync(HttpContext http, ServerContext context, DocumentIngester ingester, BulkActionKind kind, string? id)
    {
        string index = RouteText(http, "index");
        using var body = await RequestBody.ReadAsync(http.Request, context.Options.MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        context.Metrics.RequestBytes.Add(body.Length);
        var results = await ingester.IngestAsync([new BulkOperation(kind, index, id, body.Memory, 1)], http.RequestAborted).ConfigureAwait(false);
        var result = results[0];
        if (result.Failed)
        {
            await ElasticError.WriteAsync(http, result.Status, result.ErrorType!, result.ErrorReason!, result.Status == 409
                ? w =>
                {
                    w.WriteString("index", result.Index);
                    w.WriteString("shard", "0");
                }
                : null).ConfigureAwait(false);
            return;
        }
        http.Response.StatusCode = result.Status;
        http.Response.ContentType = "application/json";
        if (result.Status == 201)
        {
            http.Response.Headers.Location = $"/{Uri.EscapeDataString(result.Index)}/_doc/{Uri.EscapeDataString(result.Id)}";
        }
        BulkResponseWriter.WriteSingle(http.Response.BodyWriter, result);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Whole-request refusals in Elasticsearch's shape; a request that fails here never stored anything.</summary>
    private static async Task Guarded(HttpContext http, ServerContext context, IngestThrottle throttle, Func<Task> handle)
    {
        using var slot = await throttle.EnterAsync(http.RequestAborted).ConfigureAwait(false);
        if (slot is null)
        {
            context.Metrics.RequestsRefused.Increment();
            await ElasticError.WriteAsync(http, 429, "es_rejected_execution_exception",
                $"rejected execution of the request: {throttle.Concurrent} ingest requests are in progress and none finished within {throttle.Patience.TotalSeconds:F0} s").ConfigureAwait(false);
            return;
        }
        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (BulkFormatException malformed)
        {
            context.Metrics.RequestsRefused.Increment();
            await ElasticError.WriteAsync(http, 400, malformed.Type, malformed.Message).ConfigureAwait(false);
        }
        catch (PayloadTooLargeException tooLarge)
        {
            context.Metrics.RequestsRefused.Increment();
            // The rest of the body is not read: close the connection after answering rather than drain it.
            http.Response.Headers.Connection = "close";
            await ElasticError.WriteAsync(http, 413, "content_too_long_exception", tooLarge.Message).ConfigureAwait(false);
        }
        catch (StoreWriteException failed)
        {
            context.Metrics.RequestsRefused.Increment();
            context.Log($"ingest: {failed.Message}");
            await ElasticError.WriteAsync(http, 503, "unavailable_shards_exception", failed.Message).ConfigureAwait(false);
        }
    }
}
