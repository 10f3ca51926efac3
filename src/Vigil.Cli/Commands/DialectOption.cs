using System.CommandLine;
using Vigil.Eql.Runtime;

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
            Description = "es (Elasticsearch EQL, default) or endgame (Python EQL: =, 'strings', ?\"raw\", field[0], x:method(), macro/const definitions, $var, join, child of / descendant of / event of, arraySearch..., pipes count unique unique_count filter sort head tail; case-insensitive; / floors and % takes the divisor's sign, as in Python). " +
                "Pipes stream after event queries, sequences and joins (results go through them as found): head, filter and unique pass results on (a full head stops the search); tail keeps its last N; count and unique_count keep one group per key; sort needs the whole input. vigil query --pipe-memory bounds what they hold. A maxspan counts whole seconds, as in Python.",
            DefaultValueFactory = _ => "es",
        };
        option.AcceptOnlyFromAmong("es", Endgame);
        return option;
    }

    public static Option<bool> CaseSensitive() =>
        new("--case-sensitive") { Description = "With --dialect endgame: compare strings case-sensitively (the Python engine folds case)." };

    public static Option<bool> InputOrder() =>
        new("--input-order") { Description = "Take events in input order instead of sorting by timestamp (the Python engine's way; default with --dialect endgame unless --timestamp-field is given). Events need no timestamp then." };

    public static Option<string> Lineage()
    {
        var option = new Option<string>("--lineage")
        {
            Description = "Fields of child of / descendant of / event of: endgame (unique_pid, unique_ppid, opcode 1/3/9 start, 2/4 end) or ecs (process.entity_id, process.parent.entity_id, event.type start/end).",
            DefaultValueFactory = _ => "endgame",
        };
        option.AcceptOnlyFromAmong("endgame", "ecs");
        return option;
    }

    public static LineageFields LineageFieldsOf(string? name) => name == "ecs" ? LineageFields.Ecs : LineageFields.Endgame;
}
