using System.Text;

namespace Vigil.Rules.Guides;

/// <summary>Turns a rendered note (blocks in place) and an optional alert into an <see cref="InvestigationGuide"/>.</summary>
public static class GuideBuilder
{
    /// <summary>Reads the note's blocks and fills their placeholders from <paramref name="alert"/> (null: template).</summary>
    /// <param name="note">The note with <c>!{osquery{…}}</c> / <c>!{investigate{…}}</c> blocks in place.</param>
    /// <param name="alert">The alert, or null to render a template.</param>
    /// <param name="title">The rule name (defaults to the alert's kibana.alert.rule.name).</param>
    /// <param name="ruleId">The rule_id (defaults to the alert's).</param>
    /// <param name="notices">Information to show with the guide.</param>
    public static InvestigationGuide Build(
        string note,
        AlertDocument? alert,
        string? title = null,
        string? ruleId = null,
        IReadOnlyList<string>? notices = null)
    {
        ArgumentNullException.ThrowIfNull(note);
        note = GuideMarkers.Neutralise(note);
        var blocks = GuideBlockTokenizer.Tokenize(note);
        var items = new List<GuideItem>(blocks.Count);
        var diagnostics = new List<string>();
        var markdown = new StringBuilder(note.Length);
        int last = 0;
        DateTimeOffset? alertTime = alert?.Timestamp;
        foreach (var block in blocks)
        {
            var item = Fill(block, alert, alertTime);
            if (item is InvalidGuideItem invalid)
            {
                diagnostics.Add($"{block.PluginName} block {block.Number} (note line {block.Line}, column {block.Column}): {invalid.Error}");
            }

            markdown.Append(note, last, block.Start - last).Append(GuideMarkers.For(items.Count));
            items.Add(item);
            last = block.Start + block.Length;
        }

        markdown.Append(note, last, note.Length - last);
        string prepared = GuideMarkdown.Prepare(markdown.ToString(), out string? problem);
        if (problem is not null)
        {
            diagnostics.Add(problem);
        }

        return new InvestigationGuide(
            title ?? alert?.RuleName,
            ruleId ?? alert?.RuleId,
            alert,
            note,
            prepared,
            items,
            diagnostics,
            notices ?? []);
    }

    private static GuideItem Fill(GuideBlock block, AlertDocument? alert, DateTimeOffset? alertTime)
    {
        if (block.Error is not null)
        {
            return new InvalidGuideItem(block, block.Error);
        }

        string? error;
        if (block.Kind == GuideBlockKind.Osquery)
        {
            var button = OsqueryButton.TryRead(block.Json, out error);
            return button is null
                ? new InvalidGuideItem(block, $"Unable to parse osquery JSON configuration: {error}")
                : new OsqueryGuideItem(block, button, PlaceholderFiller.FillQuery(button.Query, alert));
        }

        var investigate = InvestigateButton.TryRead(block.Json, out error);
        if (investigate is null)
        {
            return new InvalidGuideItem(block, $"Unable to parse investigate JSON configuration: {error}");
        }

        var groups = new List<IReadOnlyList<FilledProvider>>(investigate.Providers.Count);
        var missing = new List<string>();
        bool template = false;
        foreach (var group in investigate.Providers)
        {
            var filled = new List<FilledProvider>(group.Count);
            foreach (var provider in group)
            {
                var value = PlaceholderFiller.FillValue(provider.Value, alert);
                template |= value.Status == GuideItemStatus.Template;
                foreach (string field in value.MissingFields)
                {
                    if (!missing.Contains(field))
                    {
                        missing.Add(field);
                    }
                }

                filled.Add(new FilledProvider(provider, value));
            }

            groups.Add(filled);
        }

        var status = missing.Count > 0 ? GuideItemStatus.Skipped : template ? GuideItemStatus.Template : GuideItemStatus.Ready;
        DateTimeOffset? from = null, to = null;
        if (alertTime is { } now)
        {
            if (DateMath.TryEvaluate(investigate.RelativeFrom, now, roundUp: false, out var f))
            {
                from = f;
            }

            if (DateMath.TryEvaluate(investigate.RelativeTo ?? "now", now, roundUp: true, out var t))
            {
                to = t;
            }
        }

        return new InvestigateGuideItem(block, investigate, groups, status, missing, from, to);
    }
}
