using System.CommandLine;
using Vigil.Eql.Syntax;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>--definitions FILE</c> (repeatable): Endgame <c>macro</c> / <c>const</c> definitions the query may use, as the
/// Python engine's <c>definitions_files</c> setting loads them. Files are read in order; each may use what the ones
/// before it define.
/// </summary>
public static class DefinitionsOption
{
    public static Option<string[]> Create() => new("--definitions")
    {
        Description = "With --dialect endgame: a file of 'macro NAME(params) expression' and 'const NAME = value' definitions the query may use (repeatable; files are read in order). The query text may also start with definitions.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// The parser options with the files' definitions added, or null after reporting a problem (unreadable file or
    /// a bad definition, as <c>FILE: error: line:column: message</c> with an excerpt).
    /// </summary>
    public static EqlParserOptions? Apply(EqlParserOptions options, IReadOnlyList<string>? files, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stderr);
        if (files is null || files.Count == 0)
        {
            return options;
        }
        if (!options.EndgameSyntax)
        {
            stderr.WriteLine("error: --definitions needs --dialect endgame (macros and constants are Endgame EQL)");
            return null;
        }
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"error: cannot read definitions file {file}: {error.Message}");
                return null;
            }
            var result = EqlParser.ParseDefinitions(text, options);
            if (!result.Success)
            {
                foreach (var line in DiagnosticFormatter.FormatAll(result.Diagnostics, text))
                {
                    stderr.WriteLine($"{file}: {line}");
                }
                return null;
            }
            options = options with { Definitions = result.Definitions! };
        }
        return options;
    }
}
