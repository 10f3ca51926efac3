namespace Vigil.Eql.Syntax;

/// <summary>Switches for the EQL parser. The defaults follow Elasticsearch exactly.</summary>
public sealed record EqlParserOptions
{
    public static EqlParserOptions Default { get; } = new();

    /// <summary>
    /// Accept <c>'single quoted'</c> strings (the Endgame dialect). Elasticsearch rejects them and asks for double quotes.
    /// </summary>
    public bool AllowSingleQuotedStrings { get; init; }

    /// <summary>How deeply expressions may nest before the parser gives up (guards the stack on hostile input).</summary>
    public int MaxDepth { get; init; } = 200;
}
