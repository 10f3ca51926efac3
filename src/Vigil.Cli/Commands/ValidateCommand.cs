using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Rules;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil validate PATH...</c>: loads and checks rules (.toml, Kibana .ndjson exports, bare .eql queries) and
/// prints one row per rule, then <c>N passed, M failed, K skipped</c>. Exits 1 when anything failed.
/// </summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Rule files (.toml, .ndjson, .eql) or folders (searched recursively)",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format: table or json",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        // Warnings are shown by default: unknown fields, the commonest rule bug, are warnings. --warnings is kept
        // (hidden) so that existing scripts still run.
        var warnings = new Option<bool>("--warnings") { Description = "List warnings (the default)", Hidden = true };
        var noWarnings = new Option<bool>("--no-warnings") { Description = "Hide warnings (unknown fields and the like; they never fail a rule)" };
        var command = new Command("validate", "Check detection rules: every field, ATT&CK mapping, and EQL queries against the schema");
        command.Arguments.Add(paths);
        command.Options.Add(format);
        command.Options.Add(warnings);
        command.Options.Add(noWarnings);
        command.SetAction(parseResult => Run(
            parseResult.GetValue(paths) ?? [],
            parseResult.GetValue(format) ?? "table",
            !parseResult.GetValue(noWarnings),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> paths, string format, bool showWarnings, TextWriter stdout, TextWriter stderr)
    {
        if (paths.Count == 0)
        {
            stderr.WriteLine("vigil validate: give at least one file or folder");
            return 2;
        }
        var missing = Vigil.Cli.Input.InputPaths.Missing(paths);
        foreach (var problem in missing)
        {
            stderr.WriteLine($"vigil validate: {problem}");
        }
        if (missing.Count > 0)
        {
            return 2;
        }
        IReadOnlyList<RuleValidation> results;
        try
        {
            results = RuleSetValidator.ValidatePaths(paths);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"vigil validate: {Vigil.Cli.Input.ErrorWords.Describe(e, string.Join(", ", paths))}");
            return 1;
        }
        var passed = results.Count(r => r.Status == RuleValidationStatus.Passed);
        var failed = results.Count(r => r.Status == RuleValidationStatus.Failed);
        var skipped = results.Count(r => r.Status == RuleValidationStatus.Skipped);
        var summary = $"{passed} passed, {failed} failed, {skipped} skipped";
        if (format == "json")
        {
            stdout.WriteLine(ToJson(results, passed, failed, skipped, showWarnings).ToJsonString(JsonOptions));
            stderr.WriteLine(summary);
        }
        else
        {
            WriteTable(stdout, results, showWarnings);
            stdout.WriteLine(summary);
        }
        return failed > 0 ? 1 : 0;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string StatusText(RuleValidationStatus status) => status switch
    {
        RuleValidationStatus.Passed => "passed",
        RuleValidationStatus.Failed => "failed",
        _ => "skipped",
    };

    private static void WriteTable(TextWriter output, IReadOnlyList<RuleValidation> results, bool showWarnings)
    {
        var rows = new List<string[]>();
        foreach (var r in results)
        {
            var shown = r.Problems.Where(p => p.IsError || showWarnings).ToList();
            var first = shown.Count > 0 ? Message(shown[0])
                : r.Status == RuleValidationStatus.Skipped ? r.Note ?? "skipped"
                : "ok";
            rows.Add([r.File, Truncate(r.RuleName, 60), StatusText(r.Status), first]);
            for (var i = 1; i < shown.Count; i++)
            {
                rows.Add(["", "", "", Message(shown[i])]);
            }
            if (shown.Count > 0 && r.Status == RuleValidationStatus.Skipped && r.Note is not null)
            {
                rows.Add(["", "", "", r.Note]);
            }
        }
        string[] header = ["FILE", "RULE", "STATUS", "MESSAGE"];
        var widths = new int[3];
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < 3; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine($"{row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}".TrimEnd());
        }
    }

    // A warning says so: it never fails the rule, and it is read beside errors that do.
    private static string Message(RuleProblem problem) => problem.IsError ? problem.ToShortString() : "warning: " + problem.ToShortString();

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static JsonObject ToJson(IReadOnlyList<RuleValidation> results, int passed, int failed, int skipped, bool showWarnings)
    {
        var array = new JsonArray();
        foreach (var r in results)
        {
            var problems = new JsonArray();
            foreach (var p in r.Problems.Where(p => p.IsError || showWarnings))
            {
                problems.Add(new JsonObject
                {
                    ["severity"] = p.IsError ? "error" : "warning",
                    ["line"] = p.Line,
                    ["column"] = p.Column,
                    ["key"] = p.Key,
                    ["message"] = p.Message,
                });
            }
            array.Add(new JsonObject
            {
                ["file"] = r.File,
                ["rule"] = r.RuleName,
                ["rule_id"] = r.Rule?.RuleId,
                ["status"] = StatusText(r.Status),
                ["note"] = r.Note,
                ["problems"] = problems,
            });
        }
        return new JsonObject
        {
            ["results"] = array,
            ["passed"] = passed,
            ["failed"] = failed,
            ["skipped"] = skipped,
        };
    }
}
