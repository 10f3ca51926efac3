using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>--dialect es|endgame</c>: Elasticsearch's EQL (the default) or the Endgame (Python EQL) dialect, which adds
/// <c>=</c>, single-quoted and <c>?"raw"</c> strings, array indexes, its functions, the pipes count / unique /
/// unique_count / filter / sort, join and lineage, and compares strings case-insensitively unless
/// <c>--case-sensitive</c> is given.
/// </summary>
public static class DialectOption
{
    public const string Endgame = "endgame";

    public static Option<string> Create()
    {
        var option = new Option<string>("--dialect")
        {
            Description = "es (Elasticsearch EQL, default) or endgame (Python EQL: = , 'strings', ?\"raw\", field[0], join, child of / descendant of / event of, arraySearch..., pipes count unique unique_count filter sort; case-insensitive)",
            DefaultValueFactory = _ => "es",
        };
        option.AcceptOnlyFromAmong("es", Endgame);
        return option;
    }

    public static Option<bool> CaseSensitive() =>
        new("--case-sensitive") { Description = "With --dialect endgame: compare strings case-sensitively (the Python engine folds case)." };
}
