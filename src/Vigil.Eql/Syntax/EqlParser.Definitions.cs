using System.Collections.Immutable;

namespace Vigil.Eql.Syntax;

/// <summary>
/// Endgame definitions: <c>macro NAME(a, b) expression</c> and <c>const NAME = literal</c>, in a definitions file or
/// before the query. Macros expand and constants are substituted while parsing, as the Python engine's preprocessor
/// does, so later stages only ever see the expanded query.
/// </summary>
public sealed partial class EqlParser
{
    private ImmutableDictionary<string, MacroDefinition> macros = ImmutableDictionary<string, MacroDefinition>.Empty;
    private ImmutableDictionary<string, ConstantDefinition> constants = ImmutableDictionary<string, ConstantDefinition>.Empty;

    // While a $variable's path is read: a constant's name there still names the variable.
    private bool readingVariable;

    // Nodes produced by macro expansions so far (bounded: the compiler builds one evaluator per node).
    private long expandedNodes;

    /// <summary>
    /// Parses a definitions file: macros and constants only, always in the Endgame syntax. The result holds the
    /// definitions of <paramref name="options"/> plus these (so several files chain). Never throws on bad input.
    /// </summary>
    public static DefinitionsResult ParseDefinitions(string text, EqlParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var endgame = (options ?? EqlParserOptions.Endgame) with { EndgameSyntax = true, AllowSingleQuotedStrings = true };
        var parser = new EqlParser(text, endgame, new List<Token>(256));
        parser.ParseDefinitionList();
        if (!parser.failed && !parser.At(TokenKind.EndOfInput))
        {
            parser.ErrorAtCurrent("expected a definition ('macro NAME(parameters) expression' or 'const NAME = value')");
        }
        return new DefinitionsResult(new EqlDefinitions(parser.macros, parser.constants), [.. parser.diagnostics]);
    }

    private bool AtDefinition()
    {
        if (!options.EndgameSyntax || !At(TokenKind.Identifier) || PeekToken(1).Kind != TokenKind.Identifier)
        {
            return false;
        }
        var word = Current.Text(text);
        return (word is "macro" && PeekToken(2).Kind == TokenKind.LeftParen)
            || (word is "const" && PeekToken(2).Kind is TokenKind.Assign or TokenKind.Equal);
    }

    private void ParseDefinitionList()
    {
        while (!failed && AtDefinition())
        {
            if (Current.Text(text) is "macro")
            {
                ParseMacro();
            }
            else
            {
                ParseConstantDefinition();
            }
        }
    }

    private void ParseMacro()
    {
        var start = StartOfCurrent;
        Take();
        var nameToken = Take();
        var name = TextOf(nameToken);
        var open = StartOfCurrent;
        Take();
        var parameters = ImmutableArray.CreateBuilder<string>();
        if (!At(TokenKind.RightParen))
        {
            do
            {
                if (!At(TokenKind.Identifier))
                {
                    ErrorAtCurrent($"expected a parameter name in the definition of macro '{name}'");
                    return;
                }
                var parameter = Take();
                var parameterName = TextOf(parameter);
                if (parameters.Contains(parameterName))
                {
                    Error(parameter.Span, $"macro '{name}' names its parameter '{parameterName}' twice");
                    return;
                }
                parameters.Add(parameterName);
            }
            while (!failed && Accept(TokenKind.Comma));
        }
        if (!Expect(TokenKind.RightParen, $"to close the parameters of macro '{name}' opened at {open}"))
        {
            return;
        }
        var body = ParseExpression();
        if (!failed && SyntaxTreeHeight.Of(body) is var height && height > options.MaxTreeHeight)
        {
            Error(SpanFrom(start), $"the body of macro '{name}' is too deep to handle: {height} levels (at most {options.MaxTreeHeight})");
        }
        if (!failed)
        {
            macros = macros.SetItem(name, new MacroDefinition(SpanFrom(start), name, parameters.ToImmutable(), body));
        }
    }

    private void ParseConstantDefinition()
    {
        var start = StartOfCurrent;
        Take();
        var nameToken = Take();
        var name = TextOf(nameToken);
        Take();
        var valueStart = StartOfCurrent;
        // The Python grammar's literal has no sign; a negative number is accepted here all the same.
        var value = Accept(TokenKind.Minus) && Current.Kind is TokenKind.Integer or TokenKind.Decimal
            ? ParseNumber(valueStart, negative: true)
            : ParseConstant($"const {name} =");
        if (failed)
        {
            return;
        }
        if (constants.TryGetValue(name, out var earlier))
        {
            Error(nameToken.Span, $"constant '{name}' is already defined (at {earlier.Span.Start})");
            return;
        }
        constants = constants.Add(name, new ConstantDefinition(SpanFrom(start), name, value));
    }

    /// <summary>A call of a defined macro, replaced by its body with the arguments bound; reports a wrong argument count.</summary>
    private Expression ExpandMacro(MacroDefinition macro, ValueList<Expression> arguments, SourceSpan call)
    {
        if (arguments.Count != macro.Parameters.Length)
        {
            var parameters = macro.Parameters.Length == 0 ? "" : $" ({string.Join(", ", macro.Parameters)})";
            Error(call, $"macro '{macro.Name}' takes {Plural(macro.Parameters.Length, "argument")}{parameters}, given {arguments.Count}");
            return Placeholder();
        }
        var expanded = MacroExpander.Expand(macro, arguments, call, out var problem, out var nodes);
        if (expanded is null)
        {
            Error(call, problem!);
            return Placeholder();
        }
        expandedNodes += nodes;
        if (expandedNodes > MacroExpander.MaxTotalExpandedNodes)
        {
            Error(call, $"the macro expansions of this query are too large (more than {MacroExpander.MaxTotalExpandedNodes} nodes in all)");
            return Placeholder();
        }
        return expanded;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
