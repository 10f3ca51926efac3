using System.Collections.Immutable;
using Vigil.Eql.Semantics;
using Vigil.Kql.Compilation;
using Vigil.Kql.Syntax;

namespace Vigil.Kql.Semantics;

/// <summary>Parses and binds a KQL query against a schema, for validation: every diagnostic, positioned in the query.</summary>
public static class KqlAnalyzer
{
    public static ImmutableArray<Diagnostic> Analyze(string query, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(schema);
        var parsed = KqlParser.Parse(query);
        if (parsed.Query is not { } node)
        {
            return parsed.Diagnostics;
        }
        return KqlCompiler.Compile(node, new KqlCompileOptions { Schema = schema }).Diagnostics;
    }
}
