using System.CommandLine;
using Vigil.Cli.Input;
using Vigil.Detection.Engine;
using Vigil.Detection.Explain;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Events.Readers;
using Vigil.Rules;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil explain --rule R EVENTS...</c>: why a rule did not fire on some events (closest events per stage and the
/// first condition each failed; for a sequence, how far each join key got and why it expired), or its matches if it did.
/// </summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var rule = new Option<string>("--rule") { Description = "A rule file, or a rule_id to look up in --rules (or give --query); with --dialect endgame the rule's EQL query is explained in that dialect over the rule's indices (no alerts are built)" };
        var query = new Option<string>("--query") { Description = "Explain this EQL query instead of a rule (with --dialect endgame: the Endgame dialect, events in input order)" };
        var dialect = DialectOption.Create();
        var caseSensitive = DialectOption.CaseSensitive();
        var lineage = DialectOption.Lineage();
        var definitions = DefinitionsOption.Create();
        var categoryField = new Option<string>("--event-category-field") { Description = "Event category field (with --query).", DefaultValueFactory = _ => "event.category" };
        var timestampField = new Option<string>("--timestamp-field") { Description = "Timestamp field (with --query).", DefaultValueFactory = _ => "@timestamp" };
        var rules = new Option<string[]>("--rules")
        {
            Description = "Where to look a rule_id up (a file or folder; repeat the option for more); default: ./rules",
        };
        var events = new Argument<string[]>("events") { Description = "Event files or folders (NDJSON, .gz, arrays, ES hits, _bulk); - for stdin", Arity = ArgumentArity.OneOrMore };
        var command = new Command("explain", "Explain why a rule did or did not fire on some events (closest events, failed conditions, expired sequences)");
        command.Options.Add(rule);
        command.Options.Add(rules);
        foreach (var option in new Option[] { query, dialect, caseSensitive, lineage, definitions, categoryField, timestampField })
        {
            command.Options.Add(option);
        }
        command.Arguments.Add(events);
        command.SetAction(parseResult =>
        {
            var dialectOptions = new QueryCommandOptions
            {
                Endgame = parseResult.GetValue(dialect) == DialectOption.Endgame,
                CaseInsensitive = parseResult.GetValue(dialect) == DialectOption.Endgame && !parseResult.GetValue(caseSensitive),
                InputOrder = parseResult.GetValue(dialect) == DialectOption.Endgame && parseResult.GetResult(timestampField) is not { Implicit: false },
                Lineage = DialectOption.LineageFieldsOf(parseResult.GetValue(lineage)),
                DefinitionFiles = parseResult.GetValue(definitions) ?? [],
                EventCategoryField = parseResult.GetValue(categoryField)!,
                TimestampField = parseResult.GetValue(timestampField)!,
            };
            var (output, error) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            return parseResult.GetValue(query) is { } text
                ? RunQuery(text, parseResult.GetValue(events) ?? [], dialectOptions, output, error)
                : Run(parseResult.GetValue(rule) ?? "", parseResult.GetValue(rules) ?? [], parseResult.GetValue(events) ?? [], output, error,
                    dialectOptions.Endgame ? dialectOptions : null);
        });
        return command;
    }

    /// <summary>
    /// <c>vigil explain --query Q EVENTS</c>: the same explanation for a bare query, in either dialect. 0 when it was
    /// given (matched or not), 1 for a bad query or input errors, 2 for usage.
    /// </summary>
    public static int RunQuery(string text, IReadOnlyList<string> eventPaths, QueryCommandOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (eventPaths.Count == 0)
        {
            stderr.WriteLine("vigil explain: give at least one event file");
            return 2;
        }
        if (ReportMissing(eventPaths, stderr))
        {
            return 2;
        }
        var parserOptions = DefinitionsOption.Apply(options.Endgame ? EqlParserOptions.Endgame : EqlParserOptions.Default, options.DefinitionFiles, stderr);
        if (parserOptions is null)
        {
            return 2;
        }
        var parsed = EqlParser.Parse(text, parserOptions);
        if (parsed.Statement is null)
        {
            foreach (var line in DiagnosticFormatter.FormatAll(parsed.Diagnostics, text))
            {
                stderr.WriteLine(line);
            }
            return 1;
        }
        var collector = new EventCollector();
        InputReader.Read(eventPaths, collector, new ReaderOptions { ValidateNdjson = true });
        var hadErrors = false;
        foreach (var error in collector.Errors)
        {
            stderr.WriteLine($"error: {error}");
            hadErrors = true;
        }
        var runOptions = new RunOptions { InputOrder = options.InputOrder };
        var report = RuleExplainer.ExplainQuery(parsed.Statement, options.ToCompileOptions(), runOptions, collector.Events);
        stdout.Write(report.Text);
        foreach (var problem in report.Problems)
        {
            stderr.WriteLine(problem);
            hadErrors = true;
        }
        return hadErrors ? 1 : 0;
    }

    // Event files that do not exist, one line each; true when there were any (a usage error).
    private static bool ReportMissing(IReadOnlyList<string> eventPaths, TextWriter stderr)
    {
        var missing = InputPaths.Missing(eventPaths);
        foreach (var problem in missing)
        {
            stderr.WriteLine($"vigil explain: {problem}");
        }
        return missing.Count > 0;
    }

    /// <summary>
    /// Runs the command; 0 when the explanation was given (fired or not), 1 for input errors, 2 for usage. With
    /// <paramref name="dialect"/> (<c>--dialect endgame</c>) the rule's query is explained in that dialect
    /// (<see cref="RuleExplainer.ExplainInDialect"/>) instead of run as a detection rule.
    /// </summary>
    public static int Run(string ruleArg, IReadOnlyList<string> rulePaths, IReadOnlyList<string> eventPaths, TextWriter stdout, TextWriter stderr,
        QueryCommandOptions? dialect = null)
    {
        if (ruleArg.Length == 0 || eventPaths.Count == 0)
        {
            stderr.WriteLine("vigil explain: give --rule FILE|RULE_ID (or --query EQL) and at least one event file");
            return 2;
        }
        // "-" is stdin, as in every other command.
        if (ReportMissing(eventPaths, stderr))
        {
            return 2;
        }
        EqlParserOptions? parserOptions = null;
        if (dialect is not null)
        {
            parserOptions = DefinitionsOption.Apply(dialect.Endgame ? EqlParserOptions.Endgame : EqlParserOptions.Default, dialect.DefinitionFiles, stderr);
            if (parserOptions is null)
            {
                return 2;
            }
        }
        var hadErrors = false;
        var candidates = new List<Rule>();
        IReadOnlyList<string> searched = File.Exists(ruleArg) || Directory.Exists(ruleArg) ? [ruleArg]
            : rulePaths.Count > 0 ? rulePaths : Directory.Exists("rules") ? ["rules"] : [];
        if (searched.Count == 0)
        {
            stderr.WriteLine($"vigil explain: {ruleArg} is not a file, and there is no ./rules to look the rule_id up in (use --rules)");
            return 2;
        }
        foreach (var file in RuleLoader.Load(searched))
        {
            foreach (var p in file.FileProblems.Where(p => p.IsError))
            {
                stderr.WriteLine(p.ToString());
                hadErrors = true;
            }
            foreach (var loaded in file.Rules)
            {
                if (loaded.Rule is { } r && r.Source.Format != RuleSourceFormat.Eql)
                {
                    candidates.Add(r);
                }
            }
        }
        var byFile = File.Exists(ruleArg) || Directory.Exists(ruleArg);
        var chosen = byFile ? candidates : candidates.Where(r => string.Equals(r.RuleId, ruleArg, StringComparison.OrdinalIgnoreCase)).ToList();
        if (chosen.Count != 1)
        {
            stderr.WriteLine(chosen.Count == 0
                ? $"vigil explain: no rule {ruleArg} in {string.Join(", ", searched)}"
                : $"vigil explain: {ruleArg} holds {chosen.Count} rules; name one by its rule_id with --rule ID --rules {ruleArg}");
            return chosen.Count == 0 && !byFile ? 1 : 2;
        }

        var collector = new EventCollector();
        // Every line is parsed: an explanation over records that are not events would be about nothing.
        InputReader.Read(eventPaths, collector, new ReaderOptions { ValidateNdjson = true });
        foreach (var error in collector.Errors)
        {
            stderr.WriteLine($"error: {error}");
            hadErrors = true;
        }
        if (collector.Events.Count == 0 && collector.Errors.Count > 0)
        {
            stderr.WriteLine($"vigil explain: no event could be read from {string.Join(", ", eventPaths)} ({collector.Errors.Count} bad record(s)); nothing to explain");
            return 1;
        }
        var report = dialect is null
            ? RuleExplainer.Explain(chosen[0], collector.Events)
            : RuleExplainer.ExplainInDialect(chosen[0], collector.Events, parserOptions!, dialect.ToCompileOptions(), new RunOptions { InputOrder = dialect.InputOrder });
        stdout.Write(report.Text);
        foreach (var problem in report.Problems)
        {
            stderr.WriteLine(problem);
            hadErrors = true;
        }
        return hadErrors ? 1 : 0;
    }
}
