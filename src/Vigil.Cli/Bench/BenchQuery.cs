using Vigil.Eql.Compilation;
using Vigil.Events.Prefilter;

namespace Vigil.Cli.Bench;

/// <summary>One compiled query of a bench run with its own prefilter.</summary>
public sealed record BenchQuery(string Name, CompiledQuery Compiled, LinePrefilter Prefilter);
