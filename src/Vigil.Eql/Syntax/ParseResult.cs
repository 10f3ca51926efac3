using System.Collections.Immutable;
using Vigil.Eql.Semantics;

namespace Vigil.Eql.Syntax;

/// <summary>What <see cref="EqlParser.Parse"/> returns: the statement when the text was valid, and every problem found.</summary>
public sealed class ParseResult
{
    public ParseResult(EqlStatement? statement, ImmutableArray<Diagnostic> diagnostics)
    {
        Diagnostics = diagnostics.IsDefault ? ImmutableArray<Diagnostic>.Empty : diagnostics;
        var hasErrors = false;
        foreach (var diagnostic in Diagnostics)
        {
            hasErrors |= diagnostic.IsError;
        }
        Statement = hasErrors ? null : statement;
        Success = Statement is not null;
    }

    /// <summary>The parsed statement, or null when there was any error.</summary>
    public EqlStatement? Statement { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public bool Success { get; }
}
