using System.Collections.Immutable;

namespace Vigil.Events.Prefilter;

/// <summary>
/// Decides, for a buffer of NDJSON lines, which lines may match a rule set without parsing them. A line is a
/// candidate when it contains an escape trigger (see <see cref="EscapeTriggers"/>) or meets at least one
/// <see cref="LineRequirement"/>. Every other line is certain not to match any stage and can be skipped.
/// </summary>
/// <remarks>
/// The scan does not walk lines. For each requirement one <see cref="LiteralSet"/> is the anchor; every alternative
/// of every anchor, and every trigger, is searched over the whole buffer with a vectorised search. Hits are merged in
/// buffer order (a k-way merge), and only the lines that hold a hit are looked at: such a line is kept when it holds
/// a trigger or meets a whole requirement (all of its sets, not just the anchor). Lines without a hit are never read
/// byte by byte. An instance is immutable and can be shared between threads.
/// </remarks>
public sealed class LinePrefilter
{
    /// <summary>
    /// Byte strings that force a line to be parsed whatever it holds. A JSON string can spell a character as
    /// <c>\uXXXX</c> and <c>/</c> as <c>\/</c>; the compiler's literals are the only other spelling, so a line that
    /// uses either escape could hide a literal and is always a candidate.
    /// </summary>
    public static ImmutableArray<PrefilterLiteral> EscapeTriggers { get; } = ImmutableArray.Create(
        PrefilterLiteral.Exact("\\u"u8),
        PrefilterLiteral.Exact("\\/"u8));

    /// <summary>
    /// UTF-8 of the non-ASCII characters whose simple case mapping is an ASCII letter (U+0130 İ, U+0131 ı,
    /// U+017F ſ, U+212A Kelvin sign). A case-insensitive comparison may equate them with i, s or k, which the ASCII
    /// folding of the scanner does not, so when any literal ignores case a line holding one of them is a candidate.
    /// </summary>
    public static ImmutableArray<PrefilterLiteral> CaseFoldTriggers { get; } = ImmutableArray.Create(
        PrefilterLiteral.Exact("\u0130"u8),
        PrefilterLiteral.Exact("\u0131"u8),
        PrefilterLiteral.Exact("\u017F"u8),
        PrefilterLiteral.Exact("\u212A"u8));

    /// <summary>
    /// Each distinct anchor literal costs one vector sweep of the buffer; past this many the sweeps cost more than
    /// tokenizing every line, so the prefilter passes everything instead. (A multi-pattern SIMD search, such as a
    /// Teddy-style nibble-mask filter, would lift this limit.)
    /// </summary>
    public const int MaxAnchorLiterals = 16;

    /// <summary>Calibration turns the prefilter off when it would keep more than this share of the sample's lines.</summary>
    public const double MaxUsefulKeepRate = 0.5;

    private readonly ImmutableArray<LineRequirement> requirements;
    private readonly ImmutableArray<PrefilterLiteral> triggers;
    private readonly LiteralSearcher[] anchorSearchers;
    private readonly ByteSearcher[] triggerSearchers;
    // requirement → set → alternative, the same searchers the anchors use, for checking a found line.
    private readonly LiteralSearcher[][][] requirementSearchers;

    private LinePrefilter(
        ImmutableArray<LineRequirement> requirements, ImmutableArray<LiteralSet> anchors, bool passesEverything)
    {
        this.requirements = requirements;
        Anchors = anchors;
        PassesEverything = passesEverything;
        var hasIgnoreCase = false;
        var anchorLiterals = new List<PrefilterLiteral>();
        foreach (var requirement in requirements)
        {
            foreach (var set in requirement.AllOf)
            {
                foreach (var literal in set.Alternatives)
                {
                    hasIgnoreCase |= literal.IgnoreCase;
                }
            }
        }
        foreach (var anchor in anchors)
        {
            foreach (var literal in anchor.Alternatives)
            {
                if (!anchorLiterals.Contains(literal))
                {
                    anchorLiterals.Add(literal);
                }
            }
        }
        triggers = hasIgnoreCase ? EscapeTriggers.AddRange(CaseFoldTriggers) : EscapeTriggers;
        anchorSearchers = anchorLiterals.ConvertAll(literal => new LiteralSearcher(literal)).ToArray();
        // The two escape triggers share one backslash sweep; the case-fold triggers are literals.
        triggerSearchers = [new EscapeSearcher(), .. triggers.Skip(EscapeTriggers.Length).Select(literal => new LiteralSearcher(literal))];
        var byLiteral = new Dictionary<PrefilterLiteral, LiteralSearcher>();
        foreach (var searcher in anchorSearchers)
        {
            byLiteral[searcher.Literal] = searcher;
        }
        requirementSearchers = [.. requirements.Select(requirement => requirement.AllOf
            .Select(set => set.Alternatives
                .Select(literal => byLiteral.TryGetValue(literal, out var known) ? known : byLiteral[literal] = new LiteralSearcher(literal))
                .ToArray())
            .ToArray())];
    }

    /// <summary>A prefilter that keeps every line (used when some stage has no constraint).</summary>
    public static LinePrefilter PassThrough { get; } =
        new(ImmutableArray<LineRequirement>.Empty, ImmutableArray<LiteralSet>.Empty, passesEverything: true);

    /// <summary>Whether every line is a candidate (some requirement is unconstrained): callers should not scan.</summary>
    public bool PassesEverything { get; }

    /// <summary>The requirements, one per query stage of the rule set.</summary>
    public ImmutableArray<LineRequirement> Requirements => requirements;

    /// <summary>The set searched for each requirement (same order as <see cref="Requirements"/>).</summary>
    public ImmutableArray<LiteralSet> Anchors { get; }

    /// <summary>The triggers in force (escape triggers, plus case-fold triggers when a literal ignores case).</summary>
    public ImmutableArray<PrefilterLiteral> Triggers => triggers;

    /// <summary>
    /// Builds a prefilter for a rule set: a line may match when it meets any of <paramref name="requirements"/>.
    /// No requirements at all means no line can match (nothing to run); an unconstrained one means every line may.
    /// Anchors are chosen by a static guess of rarity; <see cref="Calibrate"/> chooses them from real data.
    /// </summary>
    public static LinePrefilter Create(IEnumerable<LineRequirement> requirements)
    {
        var list = requirements.ToImmutableArray();
        foreach (var requirement in list)
        {
            if (requirement.IsUnconstrained)
            {
                return PassThrough;
            }
        }
        var anchors = ImmutableArray.CreateBuilder<LiteralSet>(list.Length);
        foreach (var requirement in list)
        {
            anchors.Add(GuessRarestSet(requirement));
        }
        var built = new LinePrefilter(list, anchors.MoveToImmutable(), passesEverything: false);
        return built.anchorSearchers.Length > MaxAnchorLiterals ? PassThrough : built;
    }

    /// <summary>
    /// Returns a prefilter whose anchors are, for each requirement, the set that the fewest lines of
    /// <paramref name="sample"/> (whole NDJSON lines, e.g. the first megabytes of the input) satisfy. Choosing the
    /// anchor never changes which lines are kept, only how fast they are found. Unless
    /// <paramref name="mayPassEverything"/> is false, the result passes every line when the sweeps would keep most
    /// of the sample anyway (then they cost more than they save); a reader that promises to deliver only candidate
    /// lines keeps filtering.
    /// </summary>
    public LinePrefilter Calibrate(ReadOnlySpan<byte> sample, bool mayPassEverything = true)
    {
        if (PassesEverything || sample.IsEmpty)
        {
            return this;
        }
        var counts = new Dictionary<LiteralSet, int>();
        var anchors = ImmutableArray.CreateBuilder<LiteralSet>(requirements.Length);
        foreach (var requirement in requirements)
        {
            var best = Anchors[anchors.Count];
            var bestCount = int.MaxValue;
            foreach (var set in requirement.AllOf)
            {
                if (!counts.TryGetValue(set, out var count))
                {
                    count = CountLinesSatisfying(set, sample);
                    counts[set] = count;
                }
                if (count < bestCount)
                {
                    best = set;
                    bestCount = count;
                }
            }
            anchors.Add(best);
        }
        var calibrated = new LinePrefilter(requirements, anchors.MoveToImmutable(), passesEverything: false);
        if (!mayPassEverything)
        {
            return calibrated.anchorSearchers.Length <= anchorSearchers.Length ? calibrated : this;
        }
        if (calibrated.anchorSearchers.Length > MaxAnchorLiterals)
        {
            return PassThrough;
        }
        // A prefilter that keeps most lines only adds its sweeps to the parsing it fails to save.
        var kept = new List<LineRange>();
        calibrated.FindCandidateLines(sample, kept);
        var lines = System.MemoryExtensions.Count(sample, (byte)'\n') + (sample[^1] == (byte)'\n' ? 0 : 1);
        return kept.Count > MaxUsefulKeepRate * lines ? PassThrough : calibrated;
    }

    /// <summary>
    /// The reference decision for one line (no line feed): whether it holds a trigger or meets a requirement.
    /// <see cref="FindCandidateLines"/> keeps exactly the lines for which this is true.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool MayMatch(ReadOnlySpan<byte> line)
    {
        if (PassesEverything)
        {
            return true;
        }
        foreach (var searcher in triggerSearchers)
        {
            if (searcher.IndexIn(line) >= 0)
            {
                return true;
            }
        }
        foreach (var requirement in requirementSearchers)
        {
            if (MeetsRequirement(requirement, line))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Appends to <paramref name="candidates"/>, in buffer order, the lines of <paramref name="buffer"/> that may
    /// match. Lines are separated by <c>\n</c>; the last line need not end with one. Empty lines are never candidates.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void FindCandidateLines(ReadOnlySpan<byte> buffer, List<LineRange> candidates) =>
        FindCandidateLines(buffer, candidates, searchTriggers: true);

    /// <summary>
    /// As <see cref="FindCandidateLines(ReadOnlySpan{byte}, List{LineRange})"/>; with <paramref name="searchTriggers"/>
    /// false the triggers are not searched, for a caller that finds the lines holding one itself (then a kept line
    /// is one that meets a requirement, and the caller adds the trigger lines).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void FindCandidateLines(ReadOnlySpan<byte> buffer, List<LineRange> candidates, bool searchTriggers)
    {
        if (PassesEverything)
        {
            AppendAllLines(buffer, candidates);
            return;
        }
        var searcherCount = anchorSearchers.Length + (searchTriggers ? triggerSearchers.Length : 0);
        Span<int> nextHit = searcherCount <= 64 ? stackalloc int[searcherCount] : new int[searcherCount];
        // A hit is an absolute offset; NotSearched means "search again from the cursor", NoMoreHits that the literal
        // does not occur after the cursor.
        const int NotSearched = -2;
        const int NoMoreHits = -1;
        nextHit.Fill(NotSearched);
        var cursor = 0;
        while (cursor < buffer.Length)
        {
            var nearest = int.MaxValue;
            for (var i = 0; i < searcherCount; i++)
            {
                var hit = nextHit[i];
                if (hit == NoMoreHits)
                {
                    continue;
                }
                if (hit < cursor)
                {
                    ByteSearcher searcher = i < anchorSearchers.Length
                        ? anchorSearchers[i]
                        : triggerSearchers[i - anchorSearchers.Length];
                    var relative = searcher.IndexIn(buffer[cursor..]);
                    hit = relative < 0 ? NoMoreHits : cursor + relative;
                    nextHit[i] = hit;
                    if (hit == NoMoreHits)
                    {
                        continue;
                    }
                }
                if (hit < nearest)
                {
                    nearest = hit;
                }
            }
            if (nearest == int.MaxValue)
            {
                return;
            }
            // Literals never hold a line feed (the compiler only emits JSON-encoded text), so the hit lies inside
            // one line: find that line's bounds.
            var lineStart = cursor + buffer[cursor..nearest].LastIndexOf((byte)'\n') + 1;
            var lineFeed = buffer[nearest..].IndexOf((byte)'\n');
            var lineEnd = lineFeed < 0 ? buffer.Length : nearest + lineFeed;
            var line = buffer[lineStart..lineEnd];
            if (searchTriggers ? MayMatch(line) : MeetsAnyRequirement(line))
            {
                candidates.Add(new LineRange(lineStart, lineEnd - lineStart));
            }
            cursor = lineEnd + 1;
        }
    }

    /// <summary>
    /// Marks, for lines whose starts the caller already knows (ascending offsets into <paramref name="buffer"/>, each
    /// line running to the next start or the end), which may match: <paramref name="keep"/>[i] is set for line i.
    /// </summary>
    public void MarkCandidateLines(ReadOnlySpan<byte> buffer, ReadOnlySpan<int> lineStarts, Span<bool> keep)
    {
        if (keep.Length < lineStarts.Length)
        {
            throw new ArgumentException("keep must have one entry per line start.", nameof(keep));
        }
        keep[..lineStarts.Length].Clear();
        if (PassesEverything)
        {
            keep[..lineStarts.Length].Fill(true);
            return;
        }
        var candidates = new List<LineRange>();
        FindCandidateLines(buffer, candidates);
        var lineIndex = 0;
        foreach (var candidate in candidates)
        {
            // The candidate lies in the last line that starts at or before it.
            while (lineIndex + 1 < lineStarts.Length && lineStarts[lineIndex + 1] <= candidate.Start)
            {
                lineIndex++;
            }
            if (lineIndex < lineStarts.Length && lineStarts[lineIndex] <= candidate.Start)
            {
                keep[lineIndex] = true;
            }
        }
    }

    /// <summary>Lists the plan: triggers, and per requirement its anchor and its other sets.</summary>
    public string Describe()
    {
        if (PassesEverything)
        {
            return "prefilter: off (a stage has no required literal; every line is parsed)";
        }
        var text = new System.Text.StringBuilder();
        text.Append("prefilter: triggers ").AppendJoin(", ", triggers).AppendLine();
        for (var i = 0; i < requirements.Length; i++)
        {
            text.Append("  stage ").Append(i + 1).Append(": anchor ").Append(Anchors[i]);
            text.Append("; all of: ").Append(requirements[i]).AppendLine();
        }
        return text.ToString();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool MeetsAnyRequirement(ReadOnlySpan<byte> line)
    {
        foreach (var requirement in requirementSearchers)
        {
            if (MeetsRequirement(requirement, line))
            {
                return true;
            }
        }
        return false;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool MeetsRequirement(LiteralSearcher[][] requirement, ReadOnlySpan<byte> line)
    {
        foreach (var set in requirement)
        {
            var found = false;
            foreach (var searcher in set)
            {
                if (searcher.IndexIn(line) >= 0)
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    private static void AppendAllLines(ReadOnlySpan<byte> buffer, List<LineRange> candidates)
    {
        var start = 0;
        while (start < buffer.Length)
        {
            var lineFeed = buffer[start..].IndexOf((byte)'\n');
            var end = lineFeed < 0 ? buffer.Length : start + lineFeed;
            if (end > start)
            {
                candidates.Add(new LineRange(start, end - start));
            }
            start = end + 1;
        }
    }

    /// <summary>How many lines of the sample contain an alternative of the set (a vector search per literal).</summary>
    private static int CountLinesSatisfying(LiteralSet set, ReadOnlySpan<byte> sample)
    {
        var lineStarts = new HashSet<int>();
        foreach (var literal in set.Alternatives)
        {
            var searcher = new LiteralSearcher(literal);
            var cursor = 0;
            while (cursor < sample.Length)
            {
                var relative = searcher.IndexIn(sample[cursor..]);
                if (relative < 0)
                {
                    break;
                }
                var hit = cursor + relative;
                lineStarts.Add(sample[..hit].LastIndexOf((byte)'\n') + 1);
                var lineFeed = sample[hit..].IndexOf((byte)'\n');
                cursor = lineFeed < 0 ? sample.Length : hit + lineFeed + 1;
            }
        }
        return lineStarts.Count;
    }

    /// <summary>
    /// Without data, prefer the set whose shortest literal is longest, and avoid fields that hold a handful of values
    /// across all events (category, type, action, OS): they are in nearly every line and make poor anchors.
    /// </summary>
    private static LiteralSet GuessRarestSet(LineRequirement requirement)
    {
        LiteralSet? best = null;
        var bestScore = double.MinValue;
        foreach (var set in requirement.AllOf)
        {
            var score = set.GuessedRarity;
            if (score > bestScore)
            {
                best = set;
                bestScore = score;
            }
        }
        return best!;
    }
}
