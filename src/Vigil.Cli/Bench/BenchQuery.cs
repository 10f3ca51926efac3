using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;

namespace Vigil.Cli.Bench;

/// <summary>One compiled query of a bench run with its own prefilter (and its statement, for the query-set pass).</summary>
public sealed record BenchQuery(string Name, CompiledQuery Compiled, LinePrefilter Prefilter, EqlStatement Statement);
