using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Events.Projection;

namespace Vigil.Eql.QuerySets;

/// <summary>
/// One thread's state for classifying lines against a <see cref="QuerySet"/>: the shared frame and evaluation
/// context, the literal bitset and scratch lists. Not thread-safe; create one per thread with
/// <see cref="QuerySet.CreateWorker"/>. After <see cref="Classify"/> the frame holds the line (when it was parsed),
/// so <see cref="TryGetOrdinal"/> reads a relevant query's place in time order without parsing again.
/// </summary>
public sealed class QuerySetWorker
{
    private readonly QuerySet set;
    private readonly EventFrame frame;
    private readonly EvalContext context;
    private readonly ulong[] present;
    private readonly List<int> found = [];
    private readonly ulong[] automatonPresent;
    private readonly List<int> automatonFound = [];
    private readonly List<int> candidates = [];
    // Per query: the line number (stamp) at which it became a candidate, to add each query once per line.
    private readonly int[] candidateStamp;
    // Per query: the stamp at which it became a candidate for every stage (a trigger, or a stage without literals).
    private readonly int[] wholeStamp;
    // Per requirement: the stamp at which the line met it.
    private readonly int[] metStamp;
    // Per slot: the stamp at which the line's timestamp in that slot was read, and whether it parsed.
    private readonly int[] timestampStamp;
    private readonly bool[] timestampValid;
    private int stamp;

    internal QuerySetWorker(QuerySet set)
    {
        this.set = set;
        frame = new EventFrame(set.Layout);
        context = new EvalContext(frame);
        present = new ulong[(set.LiteralCount + 63) >> 6];
        automatonPresent = new ulong[set.Automaton.BitsetWords];
        candidateStamp = new int[set.Count];
        wholeStamp = new int[set.Count];
        metStamp = new int[set.Requirements.Length];
        timestampStamp = new int[set.Layout.Count];
        timestampValid = new bool[set.Layout.Count];
    }

    /// <summary>The frame of the last parsed line (the union layout of the set).</summary>
    public EventFrame Frame => frame;

    /// <summary>Lines classified so far.</summary>
    public long Lines { get; private set; }

    /// <summary>Lines that were parsed (some query was a candidate).</summary>
    public long ParsedLines { get; private set; }

    /// <summary>(line, query) pairs whose predicates were evaluated.</summary>
    public long Evaluations { get; private set; }

    /// <summary>The last parse failure (when <see cref="Classify"/> returned false).</summary>
    public FrameLoadResult LastLoad { get; private set; }

    /// <summary>
    /// Fills <paramref name="relevant"/> (cleared first) with the indices, ascending, of the queries the line is
    /// relevant to. Returns false when the line had to be parsed and is not a valid JSON object
    /// (<see cref="LastLoad"/> says where); lines no query can match are not parsed, so their syntax is not checked.
    /// </summary>
    public bool Classify(ReadOnlySpan<byte> line, List<int> relevant)
    {
        ArgumentNullException.ThrowIfNull(relevant);
        relevant.Clear();
        Lines++;
        FindCandidates(line);
        if (candidates.Count == 0)
        {
            return true;
        }
        ParsedLines++;
        var load = frame.Load(line);
        LastLoad = load;
        if (!load.Success)
        {
            return false;
        }
        candidates.Sort();
        var queries = set.Queries;
        foreach (var q in candidates)
        {
            var query = queries[q];
            if (query.Shape != QueryShape.Sample && !HasTimestamp(query))
            {
                if (frame.CountOf(query.TimestampSlot) > 0)
                {
                    // A timestamp that is there but cannot be read: not this worker's to judge silently; the line
                    // goes the slow way, where the rule's runner reports it with its place.
                    LastLoad = new FrameLoadResult(false, 1, 1, "unreadable timestamp");
                    relevant.Clear();
                    return false;
                }
                continue; // the runner drops events without a timestamp before any stage sees them
            }
            Evaluations++;
            if (wholeStamp[q] == stamp ? IsRelevant(query) : IsRelevantByMetRequirements(q, query))
            {
                relevant.Add(q);
            }
        }
        return true;
    }

    /// <summary>
    /// The place in time order of the line last classified, as <see cref="QueryRunner.TryOrder"/> computes it for
    /// query <paramref name="query"/> (its timestamp and tiebreaker fields). False when the query needs a timestamp
    /// and the line has none, or when the line was not parsed.
    /// </summary>
    public bool TryGetOrdinal(int query, long arrival, out EventOrdinal ordinal)
    {
        var compiled = set.Queries[query];
        long timestamp = 0;
        var hasTimestamp = frame.CountOf(compiled.TimestampSlot) > 0 &&
            EventTimestamp.TryRead(frame, frame.ValueOf(compiled.TimestampSlot, 0), out timestamp);
        if (!hasTimestamp && compiled.Shape != QueryShape.Sample)
        {
            ordinal = default;
            return false;
        }
        var tiebreaker = compiled.TiebreakerSlot >= 0
            ? KeyValue.From(FieldReader.Read(frame, compiled.TiebreakerSlot, 0, compiled.TiebreakerCoercion))
            : KeyValue.Null;
        ordinal = new EventOrdinal(timestamp, tiebreaker, arrival);
        return true;
    }

    /// <summary>
    /// For a sequence the line last classified is relevant to: whether it may start a sequence
    /// (<see cref="SequenceMatcher.CanOpen"/> over this worker's parse); true for other shapes.
    /// </summary>
    public bool CanOpenSequence(int query)
    {
        var compiled = set.Queries[query];
        return compiled.Shape != QueryShape.Sequence || SequenceMatcher.CanOpen(compiled, context);
    }

    private void FindCandidates(ReadOnlySpan<byte> line)
    {
        candidates.Clear();
        if (++stamp == int.MaxValue)
        {
            Array.Clear(candidateStamp);
            Array.Clear(wholeStamp);
            Array.Clear(metStamp);
            Array.Clear(timestampStamp);
            stamp = 1;
        }
        foreach (var q in set.AlwaysCandidates)
        {
            AddCandidate(q);
            wholeStamp[q] = stamp;
        }
        QuerySet.FindLiterals(set.Automaton, set.AutomatonIds, set.WholeStrings, line, automatonPresent, automatonFound, present, found);
        var requirements = set.Requirements;
        foreach (var id in found)
        {
            if (id < set.TriggerCount)
            {
                // An escape or a folding letter could hide any literal: every query is a candidate.
                for (var q = 0; q < set.Count; q++)
                {
                    AddCandidate(q);
                    wholeStamp[q] = stamp;
                }
                return;
            }
            foreach (var r in set.AnchoredBy[id])
            {
                var requirement = requirements[r];
                if (metStamp[r] != stamp && wholeStamp[requirement.Query] != stamp && Meets(requirement))
                {
                    metStamp[r] = stamp;
                    AddCandidate(requirement.Query);
                }
            }
        }
    }

    private void AddCandidate(int query)
    {
        if (candidateStamp[query] != stamp)
        {
            candidateStamp[query] = stamp;
            candidates.Add(query);
        }
    }

    private bool Meets(SetRequirement requirement)
    {
        var sets = requirement.Sets;
        for (var s = 0; s < sets.Length; s++)
        {
            if (s == requirement.Anchor)
            {
                continue;
            }
            var met = false;
            foreach (var id in sets[s])
            {
                if ((present[id >> 6] & (1UL << id)) != 0)
                {
                    met = true;
                    break;
                }
            }
            if (!met)
            {
                return false;
            }
        }
        return true;
    }

    // Most queries share one timestamp field: it is parsed once per line.
    private bool HasTimestamp(CompiledQuery query)
    {
        var slot = query.TimestampSlot;
        if (timestampStamp[slot] != stamp)
        {
            timestampStamp[slot] = stamp;
            timestampValid[slot] = frame.CountOf(slot) > 0 && EventTimestamp.TryRead(frame, frame.ValueOf(slot, 0), out _);
        }
        return timestampValid[slot];
    }

    // Only the stages whose requirement the line met can match it; the others are not evaluated.
    private bool IsRelevantByMetRequirements(int q, CompiledQuery query)
    {
        foreach (var r in set.RequirementsOf[q])
        {
            if (metStamp[r] != stamp)
            {
                continue;
            }
            if (set.Requirements[r].Stages is not { } stages)
            {
                return IsRelevant(query);
            }
            foreach (var stage in stages)
            {
                if (stage(context))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private bool IsRelevant(CompiledQuery query)
    {
        if (query.Shape == QueryShape.Event)
        {
            return query.Stages[0].Matches(context);
        }
        CompiledStage? previous = null;
        foreach (var stage in query.Stages)
        {
            // A stage with runs appears once per run; one evaluation answers for all.
            if (!ReferenceEquals(stage, previous) && stage.Matches(context))
            {
                return true;
            }
            previous = stage;
        }
        return query.Until is { } until && until.Matches(context);
    }
}
