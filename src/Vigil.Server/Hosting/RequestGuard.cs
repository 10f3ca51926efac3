using Microsoft.AspNetCore.Http;
using Vigil.Server.Api;
using Vigil.Server.Ingest;

namespace Vigil.Server.Hosting;

/// <summary>
/// The middleware every request passes first: names the product on every response (clients refuse one without it,
/// errors included), checks credentials (401 in Elasticsearch's words), turns a failure that escaped an endpoint into
/// an Elasticsearch error instead of a dropped connection, and gives bodiless 404/405 answers an error body.
/// </summary>
public sealed class RequestGuard(ServerContext context, CredentialChecker credentials)
{
    private static readonly string[] Challenges = ["Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey"];

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        http.Response.OnStarting(static state =>
        {
            ((HttpResponse)state).Headers["X-Elastic-Product"] = "Elasticsearch";
            return Task.CompletedTask;
        }, http.Response);
        string? refusal = credentials.Refusal(http.Request.Headers.Authorization, http.Request.Path.Value ?? "/");
        if (refusal is not null)
        {
            context.Metrics.AuthFailures.Increment();
            http.Response.Headers.WWWAuthenticate = Challenges;
            await ElasticError.WriteAsync(http, 401, "security_exception", refusal, WriteChallenges).ConfigureAwait(false);
            return;
        }
        try
        {
            await next(http).ConfigureAwait(false);
            // Routing answers a path it does not know with a bare 404 (no endpoint) and a known path with the wrong
            // method with a bare 405; endpoints' own 404s (a missing template) have their body already.
            if (!http.Response.HasStarted && ((http.Response.StatusCode == 404 && http.GetEndpoint() is null) || http.Response.StatusCode == 405))
            {
                await NoHandlerAsync(http).ConfigureAwait(false);
            }
        }
        catch (BulkFormatException malformed) when (!http.Response.HasStarted)
        {
            await ElasticError.WriteAsync(http, 400, malformed.Type, malformed.Message).ConfigureAwait(false);
        }
        catch (PayloadTooLargeException tooLarge) when (!http.Response.HasStarted)
        {
            http.Response.Headers.Connection = "close";
            await ElasticError.WriteAsync(http, 413, "content_too_long_exception", tooLarge.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException bad) when (!http.Response.HasStarted)
        {
            await ElasticError.WriteAsync(http, bad.StatusCode, "illegal_argument_exception", bad.Message).ConfigureAwait(false);
        }
        catch (Exception failure) when (!http.Response.HasStarted && failure is not OperationCanceledException)
        {
            context.Log($"error: {http.Request.Method} {http.Request.Path}: {failure.GetType().Name}: {failure.Message}");
            http.Response.Clear();
            await ElasticError.WriteAsync(http, 500, "exception", $"{failure.GetType().Name}: {failure.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>The answer for a path or method no endpoint serves, as Elasticsearch words it.</summary>
    public static Task NoHandlerAsync(HttpContext http)
    {
        http.Response.Clear();
        return ElasticError.WriteAsync(http, 400, "illegal_argument_exception",
            $"no handler found for uri [{http.Request.Path}{http.Request.QueryString}] and method [{http.Request.Method}]");
    }

    private static void WriteChallenges(System.Text.Json.Utf8JsonWriter writer)
    {
        writer.WritePropertyName("header");
        writer.WriteStartObject();
        writer.WritePropertyName("WWW-Authenticate");
        writer.WriteStartArray();
        foreach (string challenge in Challenges)
        {
            writer.WriteStringValue(challenge);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
