using System.CommandLine;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil parse QUERY</c> (or <c>-</c> to read stdin): prints the query in canonical form, or its syntax tree with
/// <c>--json</c>. With <c>--dialect endgame</c> the query is also bound (functions, arities, <c>$</c> variables) and
/// printed with its macros expanded. Exit 0 when it parses, 1 on a syntax error (reported on stderr with a caret excerpt), 2 on usage errors.
/// </summary>
public static class ParseCommand
{
    public const int Ok = 0;
    public const int SyntaxError = 1;
    public const int UsageError = 2;

    public static Command Create()
    {
        var query = new Argument<string?>("query")
        {
            Description = "The EQL query, or '-' to read it from standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = new Option<bool>("--json") { Description = "Print the syntax tree as JSON, with spans as line:column." };
        var singleQuotes = new Option<bool>("--allow-single-quotes")
        {
            Description = "Accept 'single quoted' strings (the Endgame dialect).",
        };
        var language = KqlQueryCommand.LanguageOption();
        var dialect = DialectOption.Create();
        var definitions = DefinitionsOption.Create();
        var command = new Command("parse", "Check an EQL (or, with --language kuery, KQL) query's syntax and print it in canonical form.");
        command.Options.Add(language);
        command.Arguments.Add(query);
        command.Options.Add(json);
        command.Options.Add(singleQuotes);
        command.Options.Add(dialect);
        command.Options.Add(definitions);
        // Unexpected arguments are usage errors reported by Program (exit 2) before this runs.
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(language) == "kuery")
            {
                return KqlQueryCommand.Parse(parseResult.GetValue(query), parseResult.GetValue(json), Console.In, Console.Out, Console.Error);
            }
            var options = parseResult.GetValue(dialect) == DialectOption.Endgame
                ? EqlParserOptions.Endgame
                : new EqlParserOptions { AllowSingleQuotedStrings = parseResult.GetValue(singleQuotes) };
            var withDefinitions = DefinitionsOption.Apply(options, parseResult.GetValue(definitions), Console.Error);
            return withDefinitions is null
                ? UsageError
                : Run(parseResult.GetValue(query), parseResult.GetValue(json), withDefinitions, Console.In, Console.Out, Console.Error);
        });
        return command;
    }

    /// <summary>The command's work, with its streams passed in so tests can run it in-process.</summary>
    public static int Run(string? query, bool json, EqlParserOptions options, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (query is null)
        {
            stderr.WriteLine("vigil parse: give a query to parse, or '-' to read one from standard input (see vigil parse --help)");
            return UsageError;
        }
        var text = query == "-" ? stdin.ReadToEnd() : query;
        var result = EqlParser.Parse(text, options);
        if (!result.Success)
        {
            foreach (var line in DiagnosticFormatter.FormatAll(result.Diagnostics, text))
            {
                stderr.WriteLine(line);
            }
            return SyntaxError;
        }
        if (options.EndgameSyntax)
        {
            // The Endgame dialect is also bound (functions, arities, variables), as the Python parser checks them;
            // without a schema, unknown fields say nothing.
            var bound = EqlAnalyzer.Bind(result.Statement!, Schema.Empty, new EqlAnalyzerOptions { Dialect = EqlDialect.Endgame }, text);
            var errors = bound.Diagnostics.Where(d => d.IsError).ToList();
            if (errors.Count > 0)
            {
                foreach (var line in DiagnosticFormatter.FormatAll(errors, text))
                {
                    stderr.WriteLine(line);
                }
                return SyntaxError;
            }
        }
        stdout.WriteLine(json ? SyntaxJsonWriter.ToJson(result.Statement!) : EqlPrinter.Print(result.Statement!));
        return Ok;
    }
}
