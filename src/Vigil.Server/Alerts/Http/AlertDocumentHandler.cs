using System.Text;
using Microsoft.AspNetCore.Http;
using Vigil.Rules;
using Vigil.Rules.Guides;

namespace Vigil.Server.Alerts.Http;

/// <summary>
/// <c>GET /api/vigil/alerts/{id}</c> (the document, shaped as Elasticsearch's get) and
/// <c>GET /api/vigil/alerts/{id}/guide?format=html|md&amp;lang=…</c> (its investigation guide, by the renderer
/// <c>vigil guide</c> uses: the rule's text when the rule is known — needed for another language — else the note
/// the alert carries).
/// </summary>
internal static class AlertDocumentHandler
{
    public static IResult Get(string id, IAlertDocumentStore store)
    {
        var alert = store.Get(id);
        var body = new StringBuilder()
            .Append("{\"_index\":").Append(System.Text.Json.JsonSerializer.Serialize(store.IndexName))
            .Append(",\"_id\":").Append(System.Text.Json.JsonSerializer.Serialize(id))
            .Append(",\"found\":").Append(alert is null ? "false" : "true");
        if (alert is not null)
        {
            body.Append(",\"_source\":").Append(alert.Json);
        }
        body.Append('}');
        return Results.Text(body.ToString(), "application/json; charset=utf-8", Encoding.UTF8, alert is null ? 404 : 200);
    }

    public static IResult Guide(string id, string? format, string? lang, IAlertDocumentStore store, Func<string, Rule?>? findRule)
    {
        format ??= "html";
        if (format is not ("html" or "md"))
        {
            return KibanaErrors.Platform(400, $"[request query]: format: expected 'html' or 'md', received '{format}'");
        }
        if (store.Get(id) is not { } stored)
        {
            return KibanaErrors.Platform(404, $"alert [{id}] not found");
        }
        var alert = AlertDocument.Parse(stored.Json);
        var notices = new List<string>();
        Rule? rule = alert.RuleId is { } ruleId ? findRule?.Invoke(ruleId) : null;
        string? note;
        if (rule is not null)
        {
            note = RuleGuideSource.RenderNote(rule, lang, out var localized);
            if (lang is not null && !localized)
            {
                notices.Add($"the rule has no {lang} investigation guide; showing the default guide.");
            }
        }
        else
        {
            note = alert.Note;
            if (lang is not null)
            {
                notices.Add($"the rule {alert.RuleId ?? "(no rule_id)"} is not loaded, so no {lang} guide; showing the note the alert carries.");
            }
        }
        if (note is null)
        {
            return KibanaErrors.Platform(404, $"alert [{id}] has no investigation guide (its rule has no note)");
        }
        var guide = GuideBuilder.Build(note, alert, rule?.Name ?? alert.RuleName, rule?.RuleId ?? alert.RuleId, notices);
        return format == "html"
            ? Results.Text(HtmlGuideRenderer.Render(guide, lang), "text/html; charset=utf-8", Encoding.UTF8)
            : Results.Text(MarkdownGuideRenderer.Render(guide), "text/markdown; charset=utf-8", Encoding.UTF8);
    }
}
