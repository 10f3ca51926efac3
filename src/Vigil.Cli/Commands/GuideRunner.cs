using Vigil.Rules;
using Vigil.Rules.Guides;

namespace Vigil.Cli.Commands;

/// <summary>Runs `vigil guide` against explicit streams (so tests can drive it). Exit codes: 0 ok, 1 input errors, 2 usage.</summary>
public static class GuideRunner
{
    /// <summary>Runs the command.</summary>
    /// <param name="request">The parsed arguments.</param>
    /// <param name="stdin">Read when the alert argument is "-".</param>
    /// <param name="stdout">Receives the guide.</param>
    /// <param name="stderr">Receives diagnostics and notices.</param>
    /// <param name="color">Write ANSI styles in terminal format.</param>
    /// <param name="currentDirectory">Where ./rules is looked for when --lang needs the rule text.</param>
    public static int Run(GuideRequest request, TextReader stdin, TextWriter stdout, TextWriter stderr, bool color, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Alert is null && request.RulePath is null)
        {
            stderr.WriteLine("vigil guide: give an alert (JSON, a file of alerts, or - for stdin) or --rule PATH");
            return 2;
        }

        if (request.RulePath is not null && request.RulesPath is not null)
        {
            stderr.WriteLine("vigil guide: give either --rule or --rules, not both");
            return 2;
        }

        if (request.RunQueries && request.Format == "html")
        {
            stderr.WriteLine("vigil guide: --run prints query results as text; use --format terminal or md with it");
            return 2;
        }

        bool hadErrors = false;
        AlertDocument? alert = null;
        if (request.Alert is not null)
        {
            var selected = SelectAlert(request, stdin, stderr, ref hadErrors);
            if (selected.ExitCode is { } code)
            {
                return code;
            }

            alert = selected.Alert;
        }

        var notices = new List<string>();
        Rule? rule = null;
        if (request.RulePath is not null || request.RulesPath is not null)
        {
            string path = (request.RulePath ?? request.RulesPath)!;
            var rules = LoadRules(path, request.RulesPath is not null ? alert?.RuleId : null, stderr, ref hadErrors);
            if (rules.Count == 0 && (request.RulePath is not null || alert?.RuleId is null))
            {
                stderr.WriteLine($"vigil guide: no rule could be read from {path}");
                return 1;
            }

            if (rules.Count == 0)
            {
                notices.Add($"rule_id {alert!.RuleId} is not in {path}; showing the note the alert carries.");
            }
            else
            {
                rule = PickRule(rules, alert, request.RulePath is not null, path, notices, stderr, out int? exit);
                if (exit is { } code)
                {
                    return code;
                }
            }

            if (rule is null && request.Language is not null)
            {
                notices.Add($"without the rule text there is no {request.Language} guide; showing the default guide.");
            }
        }
        else if (request.Language is not null && alert is not null)
        {
            // A localised guide lives in the rule text only; the shipped rules are the place to look.
            string shipped = Path.Combine(currentDirectory, "rules");
            if (Directory.Exists(shipped) && alert.RuleId is { } ruleId)
            {
                bool ignored = false;
                rule = FindByRuleId(LoadRules(shipped, ruleId, TextWriter.Null, ref ignored), ruleId);
            }

            if (rule is null)
            {
                notices.Add($"no rule text for rule_id {alert.RuleId ?? "(none)"} in {shipped}, so no {request.Language} guide; give --rules PATH. Showing the note the alert carries.");
            }
        }

        string? note;
        string? title = rule?.Name ?? alert?.RuleName;
        string? ruleIdText = rule?.RuleId ?? alert?.RuleId;
        if (rule is not null)
        {
            note = RuleGuideSource.RenderNote(rule, request.Language, out bool localized);
            if (request.Language is not null && !localized)
            {
                notices.Add($"the rule has no {request.Language} investigation guide; showing the default guide.");
            }
        }
        else
        {
            note = alert?.Note;
        }

        foreach (string notice in notices)
        {
            stderr.WriteLine($"vigil guide: {notice}");
        }

        if (note is null)
        {
            stderr.WriteLine(rule is not null
                ? $"vigil guide: rule {rule.Name} ({rule.Source.Path}) has no investigation guide (note)"
                : "vigil guide: the alert has no kibana.alert.rule.note (its rule has no investigation guide)");
            return 1;
        }

        var guide = GuideBuilder.Build(note, alert, title, ruleIdText, notices);
        foreach (string diagnostic in guide.Diagnostics)
        {
            stderr.WriteLine($"vigil guide: {diagnostic}");
        }

        hadErrors |= guide.Diagnostics.Count > 0;
        string output = request.Format switch
        {
            "html" => HtmlGuideRenderer.Render(guide, request.Language),
            "md" => MarkdownGuideRenderer.Render(guide),
            _ => TerminalGuideRenderer.Render(guide, color),
        };
        stdout.Write(output);
        if (request.RunQueries)
        {
            var engine = OsqueryEngines.Create(request.Osqueryi, request.UtmpPath);
            hadErrors |= GuideQueryResults.Write(guide, engine, request.Format == "md", stdout, stderr) > 0;
        }

        return hadErrors ? 1 : 0;
    }

    private static (AlertDocument? Alert, int? ExitCode) SelectAlert(GuideRequest request, TextReader stdin, TextWriter stderr, ref bool hadErrors)
    {
        string input = request.Alert!;
        string text;
        string origin;
        if (input == "-")
        {
            text = stdin.ReadToEnd();
            origin = "<stdin>";
        }
        else if (input.TrimStart().StartsWith('{') || input.TrimStart().StartsWith('['))
        {
            text = input;
            origin = "<argument>";
        }
        else if (File.Exists(input))
        {
            try
            {
                text = File.ReadAllText(input);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"vigil guide: {Vigil.Cli.Input.ErrorWords.Describe(ex, input)}");
                return (null, 1);
            }

            origin = input;
        }
        else
        {
            stderr.WriteLine($"vigil guide: {input}: no such file (and not an alert JSON object)");
            return (null, 2);
        }

        var errors = new List<string>();
        var alerts = AlertReader.Read(text, origin, errors);
        foreach (string error in errors)
        {
            stderr.WriteLine($"vigil guide: {error}");
        }

        hadErrors |= errors.Count > 0;
        if (request.Id is { } id)
        {
            var matches = IdPrefix.Matches(alerts, a => a.Id, id);
            if (matches.Count == 1)
            {
                return (matches[0], null);
            }
            if (matches.Count > 1)
            {
                stderr.WriteLine($"vigil guide: --id {id} is the start of {matches.Count} alert ids in {origin}; give more of it:");
                foreach (var candidate in matches)
                {
                    stderr.WriteLine($"  {candidate.Id}  {candidate.TryGetText("@timestamp") ?? "-"}  {TerminalText.Sanitize(candidate.RuleName ?? "-", keepNewlines: false)}");
                }
                return (null, 2);
            }

            stderr.WriteLine($"vigil guide: no alert whose kibana.alert.uuid is or starts with {id} in {origin} ({alerts.Count} alerts read)");
            return (null, 1);
        }

        if (alerts.Count == 0)
        {
            stderr.WriteLine($"vigil guide: no alert found in {origin}");
            return (null, 1);
        }

        if (alerts.Count > 1)
        {
            stderr.WriteLine($"vigil guide: {origin} holds {alerts.Count} alerts; choose one with --id:");
            foreach (var candidate in alerts)
            {
                stderr.WriteLine($"  {candidate.Id ?? "(no kibana.alert.uuid)"}  {candidate.TryGetText("@timestamp") ?? "-"}  {TerminalText.Sanitize(candidate.RuleName ?? "-", keepNewlines: false)}");
            }

            return (null, 2);
        }

        return (alerts[0], null);
    }

    private static Rule? PickRule(
        IReadOnlyList<Rule> rules,
        AlertDocument? alert,
        bool single,
        string path,
        List<string> notices,
        TextWriter stderr,
        out int? exit)
    {
        exit = null;
        if (alert?.RuleId is { } ruleId)
        {
            var match = FindByRuleId(rules, ruleId);
            if (match is not null)
            {
                return match;
            }

            if (!single || rules.Count > 1)
            {
                notices.Add($"rule_id {ruleId} is not in {path}; showing the note the alert carries.");
                return null;
            }

            notices.Add($"the alert's rule_id {ruleId} differs from the rule in {path} ({rules[0].RuleId}); using that rule's text anyway.");
            return rules[0];
        }

        if (rules.Count == 1)
        {
            return rules[0];
        }

        if (alert is not null)
        {
            notices.Add($"the alert has no kibana.alert.rule.rule_id to match against {path}; showing the note the alert carries.");
            return null;
        }

        stderr.WriteLine($"vigil guide: {path} holds {rules.Count} rules; give one rule file");
        exit = 2;
        return null;
    }

    /// <summary>
    /// Loads the rules under <paramref name="path"/>. With <paramref name="ruleId"/>, TOML files that do not even
    /// contain that text are skipped unread by the loader: a full rules folder then costs a text scan, not a parse.
    /// </summary>
    private static List<Rule> LoadRules(string path, string? ruleId, TextWriter stderr, ref bool hadErrors)
    {
        var rules = new List<Rule>();
        var missing = new List<RuleProblem>();
        var results = new List<RuleFileResult>();
        foreach (string candidate in RuleLoader.FindFiles([path], missing))
        {
            if (ruleId is not null && candidate.EndsWith(".toml", StringComparison.OrdinalIgnoreCase) && !Mentions(candidate, ruleId))
            {
                continue;
            }

            results.Add(RuleLoader.LoadFile(candidate));
        }

        foreach (var problem in missing)
        {
            stderr.WriteLine($"vigil guide: {problem}");
            hadErrors = true;
        }

        foreach (var file in results)
        {
            foreach (var problem in file.FileProblems)
            {
                stderr.WriteLine($"vigil guide: {problem}");
                hadErrors |= problem.IsError;
            }

            foreach (var result in file.Rules)
            {
                foreach (var problem in result.Problems)
                {
                    if (problem.IsError)
                    {
                        stderr.WriteLine($"vigil guide: {problem}");
                        hadErrors = true;
                    }
                }

                if (result.Rule is not null)
                {
                    rules.Add(result.Rule);
                }
            }
        }

        return rules;
    }

    private static bool Mentions(string file, string text)
    {
        try
        {
            return File.ReadAllText(file).Contains(text, StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Let the loader report the unreadable file.
            return true;
        }
    }

    private static Rule? FindByRuleId(IReadOnlyList<Rule> rules, string ruleId)
    {
        foreach (var rule in rules)
        {
            if (string.Equals(rule.RuleId, ruleId, StringComparison.OrdinalIgnoreCase))
            {
                return rule;
            }
        }

        return null;
    }
}
