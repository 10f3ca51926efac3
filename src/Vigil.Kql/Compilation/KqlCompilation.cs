using System.Collections.Immutable;
using Vigil.Eql.Compilation;
using Vigil.Eql.Semantics;

namespace Vigil.Kql.Compilation;

/// <summary>
/// The result of binding and compiling a KQL query: the plan (an event query with one stage, runnable by the EQL
/// runtime and query sets) unless there were errors, and every diagnostic (unknown fields are warnings).
/// </summary>
public sealed class KqlCompilation
{
    internal KqlCompilation(CompiledQuery? query, ImmutableArray<Diagnostic> diagnostics)
    {
        Diagnostics = diagnostics;
        var hasErrors = false;
        foreach (var d in diagnostics)
        {
            hasErrors |= d.IsError;
        }
        Query = hasErrors ? null : query;
    }

    public CompiledQuery? Query { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public bool Success => Query is not null;
}
