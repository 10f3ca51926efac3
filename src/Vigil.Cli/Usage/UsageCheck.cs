using System.CommandLine;
using System.CommandLine.Parsing;

namespace Vigil.Cli.Usage;

/// <summary>
/// Usage errors found before any command runs, worded for people: unknown options (System.CommandLine takes
/// <c>--fromat</c> as one more event file when a command has a file list), unknown commands with the closest
/// name, and values that are not of the option's type. Each is one line; the caller exits 2 and runs nothing.
/// </summary>
public static class UsageCheck
{
    /// <summary>The usage problems of a parse, in words; empty when the command can run.</summary>
    public static IReadOnlyList<string> Find(ParseResult parse)
    {
        var problems = new List<string>();
        var command = parse.CommandResult.Command;
        foreach (var token in OptionLikeArguments(parse).Concat(parse.UnmatchedTokens).Distinct(StringComparer.Ordinal))
        {
            problems.Add(Describe(token, command, parse.CommandResult));
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        foreach (var error in parse.Errors)
        {
            problems.Add(Describe(error));
        }
        return problems;
    }

    /// <summary>Tokens taken as a command's own arguments that look like options (before any <c>--</c>).</summary>
    private static IEnumerable<string> OptionLikeArguments(ParseResult parse)
    {
        var afterDoubleDash = parse.Tokens.SkipWhile(t => t.Type != TokenType.DoubleDash).Skip(1).Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        for (SymbolResult? result = parse.CommandResult; result is CommandResult commandResult; result = commandResult.Parent)
        {
            foreach (var argument in commandResult.Children.OfType<ArgumentResult>())
            {
                foreach (var token in argument.Tokens)
                {
                    if (LooksLikeOption(token.Value) && !afterDoubleDash.Contains(token.Value))
                    {
                        yield return token.Value;
                    }
                }
            }
        }
    }

    // "-" alone is stdin and "-5" a number; "-x" and "--x" are options.
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && (char.IsLetter(token[1]) || (token[1] == '-' && token.Length > 2));

    private static string Describe(string token, Command command, CommandResult result)
    {
        if (LooksLikeOption(token))
        {
            var name = token.Split('=', 2)[0];
            var suggestion = Suggestions.Closest(name, OptionNames(result));
            return suggestion is null ? $"unknown option {name}" : $"unknown option {name}; did you mean {suggestion}?";
        }
        if (command.Subcommands.Count > 0)
        {
            var suggestion = Suggestions.Closest(token, command.Subcommands.Select(c => c.Name));
            return suggestion is null ? $"unknown command '{token}'" : $"unknown command '{token}'; did you mean {suggestion}?";
        }
        return $"unexpected argument '{token}'";
    }

    /// <summary>The options valid at this command: its own and the recursive ones of its parents (such as --help).</summary>
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        var own = result.Command.Options.SelectMany(o => o.Aliases.Prepend(o.Name));
        var inherited = new List<string>();
        for (var parent = result.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            inherited.AddRange(parent.Command.Options.Where(o => o.Recursive).SelectMany(o => o.Aliases.Prepend(o.Name)));
        }
        return own.Concat(inherited).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal);
    }

    private static string Describe(ParseError error)
    {
        if (error.SymbolResult is OptionResult { Option: var option } optionResult && optionResult.Tokens.Count > 0)
        {
            var value = optionResult.Tokens[^1].Value;
            var kind = ValueKind(option.ValueType);
            if (kind is not null)
            {
                return $"{option.Name}: '{value}' is not {kind}";
            }
        }
        if (error.SymbolResult is ArgumentResult { Argument: var argument } argumentResult && argumentResult.Tokens.Count > 0 &&
            ValueKind(argument.ValueType) is { } argumentKind)
        {
            return $"{argument.Name}: '{argumentResult.Tokens[^1].Value}' is not {argumentKind}";
        }
        return error.Message;
    }

    private static string? ValueKind(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(uint) || t == typeof(ulong) ||
            t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? "a number" : null;
    }
}
