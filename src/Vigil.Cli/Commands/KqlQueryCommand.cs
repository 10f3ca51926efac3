using System.CommandLine;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;
using Vigil.Kql.Compilation;
using Vigil.Kql.Syntax;

namespace Vigil.Cli.Commands;

/// <summary>
/// The KQL side of <c>vigil parse</c> and <c>vigil query</c> (<c>--language kuery</c>): the query is parsed, bound
/// against ECS + Elastic Defend and compiled into the plan EQL event queries use, then streamed the same way.
/// </summary>
public static class KqlQueryCommand
{
    /// <summary>The shared <c>--language</c> option.</summary>
    public static Option<string> LanguageOption()
    {
        var option = new Option<string>("--language")
        {
            Description = "Query language: eql, or kuery (Kibana Query Language, with Elasticsearch's per-field-type semantics).",
            DefaultValueFactory = _ => "eql",
        };
        option.AcceptOnlyFromAmong("eql", "kuery");
        return option;
    }

    /// <summary><c>vigil parse --language kuery</c>: canonical KQL or the tree as JSON; 1 on a syntax error.</summary>
    public static int Parse(string? query, bool json, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (query is null)
        {
            stderr.WriteLine("vigil parse: give a query to parse, or '-' to read one from standard input (see vigil parse --help)");
            return ParseCommand.UsageError;
        }
        var text = query == "-" ? stdin.ReadToEnd() : query;
        var result = KqlParser.Parse(text);
        if (result.Query is not { } node)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                stderr.WriteLine(DiagnosticFormatter.Format(diagnostic, text));
            }
            return ParseCommand.SyntaxError;
        }
        stdout.WriteLine(json ? KqlSyntaxJson.ToJson(node) : KqlPrinter.Print(node));
        return ParseCommand.Ok;
    }

    /// <summary><c>vigil query --language kuery</c>.</summary>
    public static int Run(string text, IReadOnlyList<string> files, QueryCommandOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stderr);
        var parsed = KqlParser.Parse(text);
        if (parsed.Query is not { } node)
        {
            foreach (var diagnostic in parsed.Diagnostics)
            {
                stderr.WriteLine(DiagnosticFormatter.Format(diagnostic, text));
            }
            return 1;
        }
        var compileOptions = new KqlCompileOptions { Schema = Schema.Default, TimestampField = options.TimestampField };
        var compiled = KqlCompiler.Compile(node, compileOptions);
        foreach (var diagnostic in compiled.Diagnostics)
        {
            stderr.WriteLine(DiagnosticFormatter.Format(diagnostic, text));
        }
        if (compiled.Query is not { } plan)
        {
            return 1;
        }
        var prefilter = LinePrefilter.Create(KqlRequiredLiterals.For(node, compileOptions.Schema));
        return QueryCommand.RunCompiled(plan, prefilter, files, options, stdout, stderr);
    }
}
