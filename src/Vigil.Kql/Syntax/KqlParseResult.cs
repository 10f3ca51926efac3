using System.Collections.Immutable;
using Vigil.Eql.Semantics;

namespace Vigil.Kql.Syntax;

/// <summary>What <see cref="KqlParser.Parse"/> returns: the query when the text was valid, and the problems found.</summary>
public sealed class KqlParseResult
{
    public KqlParseResult(KqlNode? query, ImmutableArray<Diagnostic> diagnostics)
    {
        Diagnostics = diagnostics.IsDefault ? [] : diagnostics;
        var hasErrors = false;
        foreach (var diagnostic in Diagnostics)
        {
            hasErrors |= diagnostic.IsError;
        }
        Query = hasErrors ? null : query;
    }

    /// <summary>The parsed query, or null when there was an error.</summary>
    public KqlNode? Query { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public bool Success => Query is not null;
}
