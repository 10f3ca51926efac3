using System.Collections.Immutable;

namespace Vigil.Eql.Syntax;

/// <summary>Endgame <c>macro NAME(a, b) expression</c>: a call <c>NAME(x, y)</c> is replaced by the expression with a, b bound.</summary>
public sealed record MacroDefinition(SourceSpan Span, string Name, ImmutableArray<string> Parameters, Expression Body) : SyntaxNode(Span);

/// <summary>Endgame <c>const NAME = literal</c>: the bare name <c>NAME</c> reads as the literal.</summary>
public sealed record ConstantDefinition(SourceSpan Span, string Name, Expression Value) : SyntaxNode(Span);

/// <summary>
/// The macros and constants in force while a query is parsed (the Python engine's PreProcessor). Immutable: parsing
/// more definitions gives a new set. Names are case-sensitive, as function names are in the Python engine. A later
/// macro replaces an earlier one of the same name; a constant may be defined once.
/// </summary>
public sealed class EqlDefinitions
{
    public static EqlDefinitions Empty { get; } = new(ImmutableDictionary<string, MacroDefinition>.Empty, ImmutableDictionary<string, ConstantDefinition>.Empty);

    internal EqlDefinitions(ImmutableDictionary<string, MacroDefinition> macros, ImmutableDictionary<string, ConstantDefinition> constants)
    {
        Macros = macros;
        Constants = constants;
    }

    public ImmutableDictionary<string, MacroDefinition> Macros { get; }

    public ImmutableDictionary<string, ConstantDefinition> Constants { get; }

    public bool IsEmpty => Macros.IsEmpty && Constants.IsEmpty;
}
