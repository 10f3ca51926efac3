using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Triage;

/// <summary>The page over HTTP without a browser: what is served where, with which headers, and what its files avoid.</summary>
public sealed partial class TriagePageTests(TestServer server) : IClassFixture<TestServer>
{
    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await server.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_browser_gets_the_page_with_a_strict_policy_and_a_client_still_gets_the_version_document()
    {
        using var page = await GetAsync("/", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/_vigil/triage/app.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/_vigil/triage/app.css\"", html, StringComparison.Ordinal);

        using var json = await GetAsync("/", "application/json");
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        Assert.Equal("You Know, for Search", JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("tagline").GetString());
        using var none = await server.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("application/json", none.Content.Headers.ContentType!.MediaType);
        // An explicit refusal of HTML (q=0) is not a browser.
        using var refused = await GetAsync("/", "text/html;q=0, application/json");
        Assert.Equal("application/json", refused.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_script_and_style_are_served_from_the_assembly_with_their_types()
    {
        using var script = await GetAsync("/_vigil/triage/app.js", "*/*");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("signals/search", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var style = await GetAsync("/_vigil/triage/app.css", "text/css");
        Assert.Equal("text/css", style.Content.Headers.ContentType!.MediaType);
        Assert.Contains("prefers-color-scheme: dark", await style.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var head = new HttpRequestMessage(HttpMethod.Head, "/_vigil/triage/app.js");
        using var headResponse = await server.Client.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
        Assert.Empty(await headResponse.Content.ReadAsByteArrayAsync());
        using var missing = await GetAsync("/_vigil/triage/other.js", "*/*");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task The_files_hold_no_inline_script_no_html_sink_and_no_other_origin()
    {
        var html = await PageAsync();
        var script = await server.Client.GetStringAsync(new Uri("/_vigil/triage/app.js", UriKind.Relative));
        var style = await server.Client.GetStringAsync(new Uri("/_vigil/triage/app.css", UriKind.Relative));
        // Every <script> has a same-origin src and no body; no inline handlers, no inline style.
        foreach (Match tag in ScriptTag().Matches(html))
        {
            Assert.StartsWith("<script src=\"/", tag.Value, StringComparison.Ordinal);
            Assert.EndsWith("></script>", tag.Value, StringComparison.Ordinal);
        }
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        // The script never turns text into markup, nor code.
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc" })
        {
            Assert.DoesNotContain(sink, script, StringComparison.Ordinal);
        }
        // No address of another origin in any file (the SVG namespace is a name, not a load).
        foreach (var (name, text) in new[] { ("index.html", html), ("app.js", script.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal)), ("app.css", style) })
        {
            Assert.DoesNotMatch(OtherOrigin(), text);
            Assert.False(text.Contains("@import", StringComparison.Ordinal), name);
        }
    }

    private async Task<string> PageAsync()
    {
        using var page = await GetAsync("/", "text/html");
        return await page.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<script[^>]*>[^<]*</script>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("(?:https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex OtherOrigin();
}
