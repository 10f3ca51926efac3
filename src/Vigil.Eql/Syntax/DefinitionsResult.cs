using System.Collections.Immutable;
using Vigil.Eql.Semantics;

namespace Vigil.Eql.Syntax;

/// <summary>What <see cref="EqlParser.ParseDefinitions"/> returns: the definitions in force after the text, or null on any error.</summary>
public sealed class DefinitionsResult
{
    public DefinitionsResult(EqlDefinitions? definitions, ImmutableArray<Diagnostic> diagnostics)
    {
        Diagnostics = diagnostics.IsDefault ? ImmutableArray<Diagnostic>.Empty : diagnostics;
        Definitions = Diagnostics.Any(d => d.IsError) ? null : definitions;
    }

    public EqlDefinitions? Definitions { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public bool Success => Definitions is not null;
}
