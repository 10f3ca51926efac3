using System.Collections.Immutable;
using System.Text;
using Vigil.Eql.Compilation;
using Vigil.Events.Prefilter;
using Vigil.Events.Projection;

namespace Vigil.Eql.QuerySets;

/// <summary>
/// Many compiled queries evaluated together over one event stream: for each line it answers which queries the line
/// is relevant to (<see cref="QuerySetWorker.Classify"/>), with the meaning of
/// <see cref="Runtime.QueryRunner.IsRelevantLoaded"/>: an event query's stage matches, a sequence's stage or until
/// matches; for a sample, one of its stages matches (an event that matches none is ignored by the sample matcher,
/// so this is sharper than the runner's "always" and gives the same results).
/// </summary>
/// <remarks>
/// <para>Three things keep a thousand queries from costing a thousand parses. (1) Every query is compiled against
/// one shared slot numbering, so one <see cref="EventFrame"/> over the union layout is parsed once per line and every
/// query's predicates read it. (2) Every literal of every requirement, and the triggers of
/// <see cref="LinePrefilter"/>, are found in one pass: whole-string literals by a <see cref="WholeStringIndex"/>
/// (each string of the line hashed once), the others by one <see cref="LiteralAutomaton"/>; together they give the
/// set of literals present in the line. (3) Each stage requirement is indexed under one of its literal sets (the
/// anchor); only the requirements anchored on a present literal are checked in full, only queries with a met
/// requirement are evaluated, and of those only the stages whose requirement was met. A line that meets no
/// requirement and holds no trigger is not parsed at all.</para>
/// <para>Soundness is <see cref="RequiredLiterals"/>'s: a stage that matches a line always finds its requirement met
/// unless the line holds a trigger (a <c>\u</c> or <c>\/</c> escape, or a non-ASCII letter that folds to ASCII), and
/// a line with a trigger makes every query a candidate.</para>
/// <para>The set is immutable and can be shared by threads; all per-line state lives in a
/// <see cref="QuerySetWorker"/> (one per thread).</para>
/// </remarks>
public sealed class QuerySet
{
    private QuerySet(
        CompiledQuery[] queries, FieldLayout layout, LiteralAutomaton automaton, int[] automatonIds,
        WholeStringIndex wholeStrings, int literalCount, int triggerCount,
        int[] alwaysCandidates, SetRequirement[] requirements, int[][] anchoredBy, int[][] requirementsOf)
    {
        RequirementsOf = requirementsOf;
        Queries = queries;
        Layout = layout;
        Automaton = automaton;
        AutomatonIds = automatonIds;
        WholeStrings = wholeStrings;
        LiteralCount = literalCount;
        TriggerCount = triggerCount;
        AlwaysCandidates = alwaysCandidates;
        Requirements = requirements;
        AnchoredBy = anchoredBy;
    }

    /// <summary>How many queries the set has.</summary>
    public int Count => Queries.Length;

    /// <summary>The compiled query of an index (as <see cref="QuerySetBuilder.Add(Syntax.EqlStatement, CompileOptions?, RequiredLiteralOptions?)"/> returned it).</summary>
    public CompiledQuery this[int index] => Queries[index];

    /// <summary>The union of every query's fields, in the shared slot numbering.</summary>
    public FieldLayout Layout { get; }

    /// <summary>
    /// The one-pass finder of the literals that are not whole JSON strings; its ids map to the set's literal ids
    /// through <see cref="AutomatonIds"/>. Triggers come first (the same ids in both numberings).
    /// </summary>
    public LiteralAutomaton Automaton { get; }

    /// <summary>The literals that are whole JSON strings, found by hashing each string of a line.</summary>
    public WholeStringIndex WholeStrings { get; }

    /// <summary>How many distinct literals (and triggers) the set has.</summary>
    public int LiteralCount { get; }

    internal int[] AutomatonIds { get; }

    /// <summary>Whether every line must be parsed (some query has a stage with no required literal).</summary>
    public bool ParsesEveryLine => AlwaysCandidates.Length > 0;

    internal CompiledQuery[] Queries { get; }

    internal int TriggerCount { get; }

    /// <summary>Queries with an unconstrained stage: candidates for every line.</summary>
    internal int[] AlwaysCandidates { get; }

    internal SetRequirement[] Requirements { get; }

    /// <summary>Query → its requirements (ids into <see cref="Requirements"/>).</summary>
    internal int[][] RequirementsOf { get; }

    /// <summary>Literal id → the requirements anchored on it.</summary>
    internal int[][] AnchoredBy { get; }

    /// <summary>Per-thread state for classifying lines against this set.</summary>
    public QuerySetWorker CreateWorker() => new(this);

    /// <summary>A one-paragraph summary of the plan (queries, literals, automaton size, unconstrained queries).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("query set: ").Append(Count).Append(" queries, ").Append(Requirements.Length).Append(" stage requirements, ")
            .Append(LiteralCount - TriggerCount).Append(" literals (").Append(WholeStrings.Count).Append(" whole strings, hashed) + ")
            .Append(TriggerCount).Append(" triggers; automaton ")
            .Append(Automaton.StateCount).Append(" states × ").Append(Automaton.ByteClasses).Append(" byte classes; ")
            .Append(Layout.Count).Append(" fields; ").Append(AlwaysCandidates.Length).Append(" queries without a required literal");
        return text.ToString();
    }

    internal static QuerySet Create(
        List<CompiledQuery> queries, List<ImmutableArray<LineRequirement>> stageRequirements, FieldSlots slots,
        ReadOnlySpan<byte> sample)
    {
        var ids = new Dictionary<PrefilterLiteral, int>();
        var literals = new List<PrefilterLiteral>();
        int IdOf(PrefilterLiteral literal)
        {
            if (!ids.TryGetValue(literal, out var id))
            {
                id = literals.Count;
                ids[literal] = id;
                literals.Add(literal);
            }
            return id;
        }

        var ignoresCase = false;
        foreach (var list in stageRequirements)
        {
            foreach (var requirement in list)
            {
                foreach (var set in requirement.AllOf)
                {
                    foreach (var literal in set.Alternatives)
                    {
                        ignoresCase |= literal.IgnoreCase;
                    }
                }
            }
        }
        foreach (var trigger in LinePrefilter.EscapeTriggers)
        {
            IdOf(trigger);
        }
        if (ignoresCase)
        {
            foreach (var trigger in LinePrefilter.CaseFoldTriggers)
            {
                IdOf(trigger);
            }
        }
        var triggerCount = literals.Count;

        var always = new List<int>();
        var planned = new List<(int Query, int[][] Sets, LiteralSet[] Origins, Func<Runtime.EvalContext, bool>[]? Stages)>();
        for (var q = 0; q < queries.Count; q++)
        {
            var unconstrained = false;
            foreach (var requirement in stageRequirements[q])
            {
                unconstrained |= requirement.IsUnconstrained;
            }
            if (unconstrained)
            {
                always.Add(q);
                continue;
            }
            // Requirements come one per written stage, until last; compiled stages repeat a stage once per run.
            var stages = WrittenStages(queries[q]);
            var byStage = stages.Count == stageRequirements[q].Length ? stages : null;
            var guarded = new Dictionary<LineRequirement, List<Func<Runtime.EvalContext, bool>>?>();
            for (var i = 0; i < stageRequirements[q].Length; i++)
            {
                var requirement = stageRequirements[q][i];
                if (!guarded.TryGetValue(requirement, out var list))
                {
                    list = byStage is null ? null : [];
                    guarded[requirement] = list;
                }
                list?.Add(byStage![i]);
            }
            foreach (var (requirement, guards) in guarded)
            {
                var sets = new int[requirement.AllOf.Length][];
                for (var s = 0; s < sets.Length; s++)
                {
                    var alternatives = requirement.AllOf[s].Alternatives;
                    sets[s] = new int[alternatives.Length];
                    for (var a = 0; a < alternatives.Length; a++)
                    {
                        sets[s][a] = IdOf(alternatives[a]);
                    }
                }
                planned.Add((q, sets, [.. requirement.AllOf], guards?.ToArray()));
            }
        }

        var automatonLiterals = new List<PrefilterLiteral>();
        var automatonIds = new List<int>();
        var wholeLiterals = new List<PrefilterLiteral>();
        var wholeIds = new List<int>();
        for (var id = 0; id < literals.Count; id++)
        {
            if (id >= triggerCount && WholeStringIndex.IsWholeString(literals[id]))
            {
                wholeLiterals.Add(literals[id]);
                wholeIds.Add(id);
            }
            else
            {
                automatonLiterals.Add(literals[id]);
                automatonIds.Add(id);
            }
        }
        var automaton = new LiteralAutomaton(automatonLiterals);
        var wholeStrings = new WholeStringIndex(wholeLiterals, wholeIds);
        var lineCounts = sample.IsEmpty ? null : CountLinesHolding(automaton, [.. automatonIds], wholeStrings, literals.Count, sample);
        var requirements = new SetRequirement[planned.Count];
        var anchoredBy = new List<int>[literals.Count];
        var requirementsOf = new List<int>[queries.Count];
        for (var r = 0; r < planned.Count; r++)
        {
            var (query, sets, origins, guards) = planned[r];
            var anchor = ChooseAnchor(sets, origins, lineCounts);
            requirements[r] = new SetRequirement(query, sets, anchor, guards);
            (requirementsOf[query] ??= []).Add(r);
            foreach (var id in sets[anchor])
            {
                (anchoredBy[id] ??= []).Add(r);
            }
        }
        var anchored = new int[literals.Count][];
        for (var id = 0; id < anchored.Length; id++)
        {
            anchored[id] = anchoredBy[id] is { } list ? [.. list] : [];
        }
        var byQuery = new int[queries.Count][];
        for (var q = 0; q < byQuery.Length; q++)
        {
            byQuery[q] = requirementsOf[q] is { } list ? [.. list] : [];
        }
        return new QuerySet([.. queries], new FieldLayout(slots.Paths), automaton, [.. automatonIds], wholeStrings, literals.Count,
            triggerCount, [.. always], requirements, anchored, byQuery);
    }

    /// <summary>The predicates of the written stages (a stage with runs once), then the until's.</summary>
    private static List<Func<Runtime.EvalContext, bool>> WrittenStages(CompiledQuery query)
    {
        var list = new List<Func<Runtime.EvalContext, bool>>();
        CompiledStage? previous = null;
        foreach (var stage in query.Stages)
        {
            if (!ReferenceEquals(stage, previous))
            {
                list.Add(stage.Matches);
            }
            previous = stage;
        }
        if (query.Until is { } until)
        {
            list.Add(until.Matches);
        }
        return list;
    }

    private static int[] CountLinesHolding(
        LiteralAutomaton automaton, int[] automatonIds, WholeStringIndex wholeStrings, int literalCount, ReadOnlySpan<byte> sample)
    {
        var counts = new int[literalCount];
        var present = new ulong[(literalCount + 63) >> 6];
        var found = new List<int>();
        var automatonPresent = new ulong[automaton.BitsetWords];
        var automatonFound = new List<int>();
        while (!sample.IsEmpty)
        {
            var lineFeed = sample.IndexOf((byte)'\n');
            var line = lineFeed < 0 ? sample : sample[..lineFeed];
            sample = lineFeed < 0 ? default : sample[(lineFeed + 1)..];
            FindLiterals(automaton, automatonIds, wholeStrings, line, automatonPresent, automatonFound, present, found);
            foreach (var id in found)
            {
                counts[id]++;
            }
        }
        return counts;
    }

    /// <summary>Every literal of the set present in the line: the automaton's (renumbered), then the whole strings.</summary>
    internal static void FindLiterals(
        LiteralAutomaton automaton, int[] automatonIds, WholeStringIndex wholeStrings, ReadOnlySpan<byte> line,
        ulong[] automatonPresent, List<int> automatonFound, ulong[] present, List<int> found)
    {
        Array.Clear(automatonPresent);
        automatonFound.Clear();
        Array.Clear(present);
        found.Clear();
        automaton.FindAll(line, automatonPresent, automatonFound);
        foreach (var local in automatonFound)
        {
            var id = automatonIds[local];
            present[id >> 6] |= 1UL << id;
            found.Add(id);
        }
        wholeStrings.FindAll(line, present, found);
    }

    /// <summary>
    /// The set to index a requirement under: from a sample, the one whose literals the fewest lines hold; without,
    /// the one whose shortest literal is longest, avoiding fields with a handful of values in every event.
    /// </summary>
    private static int ChooseAnchor(int[][] sets, LiteralSet[] origins, int[]? lineCounts)
    {
        var best = 0;
        var bestScore = double.MaxValue;
        for (var s = 0; s < sets.Length; s++)
        {
            double score;
            if (lineCounts is not null)
            {
                score = 0;
                foreach (var id in sets[s])
                {
                    score += lineCounts[id];
                }
                // Ties (e.g. sets absent from the sample) go to the statically better set.
                score += StaticCost(origins[s]) * 1e-6;
            }
            else
            {
                score = StaticCost(origins[s]);
            }
            if (score < bestScore)
            {
                best = s;
                bestScore = score;
            }
        }
        return best;
    }

    private static double StaticCost(LiteralSet set) => -set.GuessedRarity;
}
