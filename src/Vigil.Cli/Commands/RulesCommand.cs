using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Rules;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil rules list PATH...</c> (a table of rules) and <c>vigil rules show PATH|RULE_ID</c> (one rule in full, with
/// its ATT&amp;CK mapping and investigation guide).
/// </summary>
public static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "List rules, show one rule in full, or run rules' scenario fixtures");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateTest());
        return command;
    }

    private static Command CreateTest()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Rule files or folders (searched recursively); default: ./rules",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var test = new Command("test", "Run each rule's scenario fixtures (<rule>.fixtures/NAME.alert.ndjson must alert, NAME.quiet.ndjson must not) through the detection engine");
        test.Arguments.Add(paths);
        test.SetAction(parseResult => RunTest(parseResult.GetValue(paths) ?? [], Console.Out, Console.Error));
        return test;
    }

    /// <summary>Runs <c>rules test</c>: one line per fixture, then "N passed, M failed"; exit 1 if any failed.</summary>
    public static int RunTest(IReadOnlyList<string> paths, TextWriter stdout, TextWriter stderr)
    {
        paths = DefaultPaths(paths);
        if (paths.Count == 0)
        {
            stderr.WriteLine("vigil rules test: give a rule file or folder (there is no ./rules here)");
            return 2;
        }
        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                stderr.WriteLine($"vigil rules test: {path}: no such file or folder");
                return 2;
            }
        }
        var problems = new List<string>();
        var outcomes = Vigil.Detection.Fixtures.RuleFixtureRunner.Run(paths, problems);
        foreach (var problem in problems)
        {
            stderr.WriteLine(problem);
        }
        var passed = 0;
        foreach (var o in outcomes)
        {
            if (o.Passed) passed++;
            stdout.WriteLine($"{(o.Passed ? "PASS" : "FAIL")}  {o.RuleId}  {o.FixtureName}  {o.Detail}");
        }
        if (outcomes.Count == 0)
        {
            stderr.WriteLine("vigil rules test: no fixtures found (a rule foo.toml keeps them in foo.fixtures/)");
        }
        stdout.WriteLine($"{passed} passed, {outcomes.Count - passed} failed");
        return passed == outcomes.Count && problems.Count == 0 ? 0 : 1;
    }

    private static Command CreateList()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Rule files (.toml, .ndjson) or folders (searched recursively); default: ./rules",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var list = new Command("list", "A table of rules: name, type, severity, risk, tactics, interval");
        list.Arguments.Add(paths);
        list.Options.Add(format);
        list.SetAction(parseResult => RunList(parseResult.GetValue(paths) ?? [], parseResult.GetValue(format) ?? "table", Console.Out, Console.Error));
        return list;
    }

    private static Command CreateShow()
    {
        var target = new Argument<string>("rule") { Description = "A rule file, or a rule_id to look up in --rules" };
        var rules = new Option<string[]>("--rules")
        {
            Description = "Where to look a rule_id up (files or folders); default: ./rules",
            AllowMultipleArgumentsPerToken = true,
        };
        var lang = new Option<string?>("--lang") { Description = "Language of the investigation guide, e.g. zh-CN (default: the rule's own note)" };
        var show = new Command("show", "One rule in full: settings, ATT&CK mapping, query, investigation guide, setup");
        show.Arguments.Add(target);
        show.Options.Add(rules);
        show.Options.Add(lang);
        show.SetAction(parseResult => RunShow(parseResult.GetValue(target) ?? "", parseResult.GetValue(rules) ?? [],
            parseResult.GetValue(lang), Console.Out, Console.Error));
        return show;
    }

    private static IReadOnlyList<string> DefaultPaths(IReadOnlyList<string> paths) =>
        paths.Count > 0 ? paths : Directory.Exists("rules") ? ["rules"] : [];

    /// <summary>Loads rules, reporting files that could not be read on stderr; returns the rules that loaded.</summary>
    private static List<Rule> LoadRules(IReadOnlyList<string> paths, TextWriter stderr, out bool hadErrors)
    {
        hadErrors = false;
        var rules = new List<Rule>();
        foreach (var file in RuleLoader.Load(paths))
        {
            foreach (var problem in file.FileProblems.Where(p => p.IsError))
            {
                stderr.WriteLine(problem.ToString());
                hadErrors = true;
            }
            foreach (var loaded in file.Rules)
            {
                if (loaded.Rule is null)
                {
                    foreach (var problem in loaded.Problems.Where(p => p.IsError))
                    {
                        stderr.WriteLine(problem.ToString());
                    }
                    hadErrors = true;
                    continue;
                }
                if (loaded.Rule.Source.Format == RuleSourceFormat.Eql)
                {
                    continue;
                }
                rules.Add(loaded.Rule);
            }
        }
        return rules;
    }

    /// <summary>Runs <c>rules list</c>; returns the exit code.</summary>
    public static int RunList(IReadOnlyList<string> paths, string format, TextWriter stdout, TextWriter stderr)
    {
        paths = DefaultPaths(paths);
        if (paths.Count == 0)
        {
            stderr.WriteLine("vigil rules list: give a file or folder (there is no ./rules here)");
            return 2;
        }
        var rules = LoadRules(paths, stderr, out var hadErrors);
        if (format == "json")
        {
            var array = new JsonArray();
            foreach (var r in rules)
            {
                array.Add(new JsonObject
                {
                    ["name"] = r.Name,
                    ["rule_id"] = r.RuleId,
                    ["type"] = r.Type,
                    ["severity"] = r.Severity,
                    ["risk_score"] = r.RiskScore,
                    ["tactics"] = new JsonArray(r.Threat.Select(t => (JsonNode?)JsonValue.Create(t.Tactic.Name)).ToArray()),
                    ["interval"] = r.Interval,
                    ["file"] = r.Source.Path,
                });
            }
            stdout.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        else
        {
            // The rule_id (as short as stays unique, as `rules show` takes it) and the file lead from a row to the rule.
            var shortIds = RuleIdPrefixes.Shortest(rules.Select(r => r.RuleId).ToList());
            var rows = new List<string[]> { new[] { "RULE_ID", "NAME", "TYPE", "SEVERITY", "FILE" } };
            foreach (var r in rules)
            {
                rows.Add([shortIds[r.RuleId], Vigil.Cli.Output.CellText.Clean(r.Name), r.Type, r.Severity, Vigil.Cli.Output.CellText.Clean(DisplayPath(r.Source.Path))]);
            }
            WriteTable(stdout, rows);
            stdout.WriteLine(rules.Count == 1 ? "1 rule" : $"{rules.Count} rules");
        }
        return hadErrors ? 1 : 0;
    }

    /// <summary>Runs <c>rules show</c>; returns the exit code.</summary>
    public static int RunShow(string target, IReadOnlyList<string> searchPaths, string? language, TextWriter stdout, TextWriter stderr)
    {
        if (target.Length == 0)
        {
            stderr.WriteLine("vigil rules show: give a rule file or a rule_id");
            return 2;
        }
        List<Rule> matches;
        bool hadErrors;
        if (File.Exists(target) || Directory.Exists(target))
        {
            matches = LoadRules([target], stderr, out hadErrors);
        }
        else
        {
            var paths = DefaultPaths(searchPaths);
            if (paths.Count == 0)
            {
                stderr.WriteLine($"vigil rules show: {target} is not a file, and there is no ./rules to look the rule_id up in (use --rules)");
                return 2;
            }
            var all = LoadRules(paths, stderr, out hadErrors);
            matches = all.Where(r => string.Equals(r.RuleId, target, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 0)
            {
                // `rules list` shows rule_id prefixes; one that names a single rule_id leads here.
                matches = all.Where(r => r.RuleId.StartsWith(target, StringComparison.OrdinalIgnoreCase)).ToList();
                var ids = matches.Select(r => r.RuleId).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (ids.Count > 1)
                {
                    stderr.WriteLine($"vigil rules show: {target} is the start of {ids.Count} rule_ids; give more of it:");
                    foreach (var r in matches.DistinctBy(r => r.RuleId, StringComparer.OrdinalIgnoreCase))
                    {
                        stderr.WriteLine($"  {r.RuleId}  {Vigil.Cli.Output.CellText.Clean(r.Name)}");
                    }
                    return 2;
                }
            }
            if (matches.Count == 0)
            {
                stderr.WriteLine($"vigil rules show: no rule with rule_id {target} in {string.Join(", ", paths)}");
                return 1;
            }
        }
        for (var i = 0; i < matches.Count; i++)
        {
            if (i > 0)
            {
                stdout.WriteLine();
                stdout.WriteLine(new string('=', 80));
                stdout.WriteLine();
            }
            stdout.Write(Describe(matches[i], language));
        }
        return hadErrors || matches.Count == 0 ? 1 : 0;
    }

    /// <summary>The full text view of one rule.</summary>
    public static string Describe(Rule r, string? language)
    {
        var sb = new StringBuilder();
        sb.AppendLine(r.Name);
        sb.AppendLine(new string('-', Math.Min(80, Math.Max(r.Name.Length, 1))));
        void Field(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                sb.Append("  ").Append(name.PadRight(22)).AppendLine(value);
            }
        }
        Field("rule_id", r.RuleId);
        Field("version", r.Version.ToString(CultureInfo.InvariantCulture));
        Field("type", r.Language is null ? r.Type : $"{r.Type} (language {r.Language})");
        Field("building block", r.BuildingBlockType);
        Field("severity", r.Severity);
        Field("risk score", r.RiskScore.ToString(CultureInfo.InvariantCulture));
        Field("schedule", $"every {r.Interval}, searching {r.From} to {r.To}, at most {r.MaxSignals} alerts per run");
        Field("enabled", r.Enabled ? "yes" : "no");
        Field("index", r.Index is { } index ? string.Join(", ", index) : null);
        Field("data view", r.DataViewId);
        Field("timestamp override", r.TimestampOverride);
        Field("event category field", r.EventCategoryOverride);
        Field("tiebreaker field", r.TiebreakerField);
        Field("author", string.Join(", ", r.Author));
        Field("license", r.License);
        Field("tags", string.Join(", ", r.Tags));
        Field("references", string.Join(Environment.NewLine + new string(' ', 24), r.References));
        Field("false positives", string.Join(Environment.NewLine + new string(' ', 24), r.FalsePositives));
        Field("severity mapping", string.Join("; ", r.SeverityMapping.Select(m => $"{m.Field} {m.Operator} {m.Value} -> {m.Severity}")));
        Field("risk score mapping", string.Join("; ", r.RiskScoreMapping.Select(m => $"{m.Field} {m.Operator} {m.Value}" + (m.RiskScore is { } s ? $" -> {s}" : ""))));
        Field("rule name override", r.RuleNameOverride);
        Field("timeline", r.TimelineTitle is null ? null : $"{r.TimelineTitle} ({r.TimelineId})");
        Field("new terms", r.NewTerms is { } nt ? $"{string.Join(", ", nt.Fields)} not seen since {nt.HistoryWindowStart}" : null);
        Field("threshold", r.Threshold is { } th
            ? $"{th.Value} or more by {(th.Field.Count == 0 ? "(all)" : string.Join(", ", th.Field))}"
              + string.Concat(th.Cardinality.Select(c => $", cardinality of {c.Field} >= {c.Value}"))
            : null);
        Field("ML jobs", r.MachineLearningJobId is { } jobs ? string.Join(", ", jobs) + $" (anomaly score >= {r.AnomalyThreshold})" : null);
        Field("threat index", r.ThreatIndex is { } ti ? string.Join(", ", ti) : null);
        Field("alert suppression", r.AlertSuppression is { } s2
            ? $"by {string.Join(", ", s2.GroupBy)}" + (s2.Duration is { } d ? $" for {d.Value}{d.Unit}" : " per run")
              + (s2.MissingFieldsStrategy is { } m2 ? $", missing fields: {m2}" : "")
            : null);
        Field("exceptions", string.Join(", ", r.ExceptionsList.Select(e => $"{e.ListId} ({e.Type}, {e.NamespaceType})")));
        Field("investigation fields", r.InvestigationFields is { } inv ? string.Join(", ", inv) : null);
        Field("integrations", string.Join(", ", r.Metadata.Integration));
        Field("maturity", r.Metadata.Maturity);
        Field("created / updated", r.Metadata.CreationDate is null ? null : $"{r.Metadata.CreationDate} / {r.Metadata.UpdatedDate}");
        Field("guide languages", r.LocalizedNotes.Count == 0 ? null : "default, " + string.Join(", ", r.LocalizedNotes.Keys.Order(StringComparer.Ordinal)));
        Field("file", r.Source.Path.Length == 0 ? null : $"{r.Source.Path}:{r.Source.Line}");
        sb.AppendLine();

        Section(sb, "Description", r.Description);

        sb.AppendLine("MITRE ATT&CK");
        if (r.Threat.Count == 0)
        {
            sb.AppendLine("  (no mapping)");
        }
        foreach (var t in r.Threat)
        {
            sb.AppendLine($"  {t.Tactic.Id} {t.Tactic.Name}  {t.Tactic.Reference}");
            foreach (var te in t.Techniques)
            {
                sb.AppendLine($"    {te.Id} {te.Name}  {te.Reference}");
                foreach (var st in te.Subtechniques)
                {
                    sb.AppendLine($"      {st.Id} {st.Name}  {st.Reference}");
                }
            }
        }
        sb.AppendLine();

        if (r.Query is not null)
        {
            Section(sb, "Query", r.Query);
        }
        if (r.ThreatQuery is not null)
        {
            Section(sb, "Threat query", r.ThreatQuery);
        }
        if (r.RenderedNoteFor(language) is { } note)
        {
            var buttons = r.Transforms.IsEmpty ? "" : $" ({r.Transforms.Osquery.Count} Osquery, {r.Transforms.Investigate.Count} Timeline buttons)";
            Section(sb, "Investigation guide" + buttons, note);
        }
        if (r.Setup is not null)
        {
            Section(sb, "Setup", r.Setup);
        }
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, string body)
    {
        sb.AppendLine(title);
        foreach (var line in body.Trim('\n').Split('\n'))
        {
            sb.Append("  ").AppendLine(line.TrimEnd('\r'));
        }
        sb.AppendLine();
    }

    private static void WriteTable(TextWriter output, List<string[]> rows)
    {
        var columns = rows[0].Length;
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var i = 0; i < columns; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var i = 0; i < columns; i++)
            {
                line.Append(i == columns - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }
            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    // Relative to the working folder when the rule is under it: shorter, and what the user typed.
    private static string DisplayPath(string path)
    {
        if (path.Length == 0)
        {
            return "";
        }
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
