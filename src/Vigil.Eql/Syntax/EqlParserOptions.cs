namespace Vigil.Eql.Syntax;

/// <summary>Switches for the EQL parser. The defaults follow Elasticsearch exactly.</summary>
public sealed record EqlParserOptions
{
    public static EqlParserOptions Default { get; } = new();

    /// <summary>
    /// Accept <c>'single quoted'</c> strings (the Endgame dialect). Elasticsearch rejects them and asks for double quotes.
    /// </summary>
    public bool AllowSingleQuotedStrings { get; init; }

    /// <summary>
    /// The Endgame (Python EQL) syntax: <c>=</c> compares as <c>==</c>, <c>?"..."</c> / <c>?'...'</c> raw strings,
    /// array indexes <c>field[0].sub</c> and <c>fork</c> on sequence stages. Implies single-quoted strings.
    /// </summary>
    public bool EndgameSyntax { get; init; }

    /// <summary>
    /// Endgame macros and constants (from a definitions file) that the query may use; the query text may add its own
    /// before the query. Ignored outside <see cref="EndgameSyntax"/>.
    /// </summary>
    public EqlDefinitions Definitions { get; init; } = EqlDefinitions.Empty;

    /// <summary>The options of the Endgame dialect.</summary>
    public static EqlParserOptions Endgame { get; } = new() { AllowSingleQuotedStrings = true, EndgameSyntax = true };

    /// <summary>How deeply parentheses, <c>not</c>s and signs may nest before the parser gives up (guards its stack).</summary>
    public int MaxDepth { get; init; } = 200;

    /// <summary>
    /// How deep the finished tree may be. Long chains such as <c>a or b or c ...</c> deepen the tree without nesting;
    /// this limit keeps every recursive consumer of the tree (printer, binder, compiler) safe. Real rules stay
    /// under 40.
    /// </summary>
    public int MaxTreeHeight { get; init; } = 500;
}
