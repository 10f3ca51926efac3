using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vigil.Events.Prefilter;

/// <summary>
/// Finds which of many <see cref="PrefilterLiteral"/>s occur in a line, in one pass over its bytes: an Aho–Corasick
/// automaton over ASCII-folded bytes, compiled to a dense transition table. Case-insensitive literals are found by
/// the folded match itself; exact literals are confirmed by comparing the original bytes where the folded match
/// ended. An instance is immutable and can be shared between threads.
/// </summary>
/// <remarks>
/// Two things keep the table small enough to stay in cache for thousands of literals. Bytes are mapped to classes
/// first (every byte that occurs in no literal shares class 0, and a letter shares the class of its other case), so a
/// row has one entry per class instead of 256. And each entry holds the next state's row offset with the sign bit
/// set when that state ends a literal, so the inner loop is a load, an add and a sign test per byte.
/// </remarks>
public sealed class LiteralAutomaton
{
    private const int ReportFlag = int.MinValue;

    private readonly int maxDepth;

    private readonly PrefilterLiteral[] literals;
    private readonly byte[] classOf = new byte[256];
    private readonly int classCount;
    // Row offsets (state × classCount), sign bit = the target state reports at least one literal.
    private readonly int[] transitions;
    // Per state: its own literals (ids in ownOutputs[ownStart[s]..ownStart[s+1]]) and the nearest state on its
    // failure chain that has own literals, or -1.
    private readonly int[] ownStart;
    private readonly int[] ownOutputs;
    private readonly int[] outputLink;

    public LiteralAutomaton(IReadOnlyList<PrefilterLiteral> literals, int maxDepth = DefaultMaxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentNullException.ThrowIfNull(literals);
        this.literals = [.. literals];

        // Byte classes over the folded alphabet: class 0 for bytes no literal uses.
        var classOfFolded = new int[256];
        var classes = 1;
        foreach (var literal in this.literals)
        {
            foreach (var b in literal.Bytes)
            {
                var folded = Fold(b);
                if (classOfFolded[folded] == 0)
                {
                    classOfFolded[folded] = classes++;
                }
            }
        }
        if (classes > 256)
        {
            throw new InvalidOperationException("more byte classes than bytes");
        }
        classCount = classes;
        for (var b = 0; b < 256; b++)
        {
            classOf[b] = (byte)classOfFolded[Fold((byte)b)];
        }

        // The trie, with goto edges in a dictionary while building.
        var edges = new Dictionary<(int State, int Class), int>();
        var own = new List<List<int>?> { null };
        for (var id = 0; id < this.literals.Length; id++)
        {
            var state = 0;
            var bytes = this.literals[id].Bytes;
            foreach (var b in bytes[..Math.Min(bytes.Length, maxDepth)])
            {
                var c = classOf[b];
                if (!edges.TryGetValue((state, c), out var next))
                {
                    next = own.Count;
                    own.Add(null);
                    edges[(state, c)] = next;
                }
                state = next;
            }
            (own[state] ??= []).Add(id);
        }
        var stateCount = own.Count;
        (edges, own) = InBreadthFirstOrder(edges, own);
        if ((long)stateCount * classCount >= int.MaxValue)
        {
            throw new InvalidOperationException("too many literals for one automaton");
        }

        // Breadth-first: failure links and the complete transition function (δ(s, c) = goto or δ(fail(s), c)).
        var fail = new int[stateCount];
        var delta = new int[stateCount * classCount];
        outputLink = new int[stateCount];
        outputLink[0] = -1;
        var queue = new Queue<int>();
        for (var c = 0; c < classCount; c++)
        {
            if (edges.TryGetValue((0, c), out var child))
            {
                delta[c] = child;
                fail[child] = 0;
                outputLink[child] = -1;
                queue.Enqueue(child);
            }
        }
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            for (var c = 0; c < classCount; c++)
            {
                if (edges.TryGetValue((state, c), out var child))
                {
                    var f = delta[fail[state] * classCount + c];
                    fail[child] = f;
                    outputLink[child] = own[f] is not null ? f : outputLink[f];
                    delta[state * classCount + c] = child;
                    queue.Enqueue(child);
                }
                else
                {
                    delta[state * classCount + c] = delta[fail[state] * classCount + c];
                }
            }
        }

        ownStart = new int[stateCount + 1];
        var outputs = new List<int>();
        for (var s = 0; s < stateCount; s++)
        {
            ownStart[s] = outputs.Count;
            if (own[s] is { } ids)
            {
                outputs.AddRange(ids);
            }
        }
        ownStart[stateCount] = outputs.Count;
        ownOutputs = [.. outputs];

        transitions = new int[delta.Length];
        for (var i = 0; i < delta.Length; i++)
        {
            var target = delta[i];
            var reports = own[target] is not null || outputLink[target] >= 0;
            transitions[i] = target * classCount | (reports ? ReportFlag : 0);
        }
        StateCount = stateCount;
        this.maxDepth = maxDepth;
    }

    /// <summary>
    /// Literals are entered into the automaton by their first this-many bytes and confirmed in full where that
    /// prefix is found: thousands of long literals then make thousands, not tens of thousands, of states, and the
    /// table of the shallow states that the scan visits stays in cache. Measured with <c>vigil bench --phases set</c>.
    /// </summary>
    public const int DefaultMaxDepth = 32;

    /// <summary>How many literals the automaton finds (ids 0 .. Count-1, in the order given).</summary>
    public int Count => literals.Length;

    /// <summary>How many states the automaton has (for diagnostics: its table has StateCount × ByteClasses entries).</summary>
    public int StateCount { get; }

    /// <summary>How many byte classes a row has.</summary>
    public int ByteClasses => classCount;

    /// <summary>The literal of an id.</summary>
    public PrefilterLiteral this[int id] => literals[id];

    /// <summary>The number of 64-bit words a presence bitset needs.</summary>
    public int BitsetWords => (literals.Length + 63) >> 6;

    /// <summary>
    /// Finds every literal that occurs in <paramref name="haystack"/>: sets its bit in <paramref name="present"/>
    /// (which must start cleared and hold <see cref="BitsetWords"/> words) and appends its id to
    /// <paramref name="found"/> once, in order of first occurrence.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FindAll(ReadOnlySpan<byte> haystack, Span<ulong> present, List<int> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        if (present.Length < BitsetWords)
        {
            throw new ArgumentException("the bitset is too small", nameof(present));
        }
        ref var table = ref MemoryMarshal.GetArrayDataReference(transitions);
        ref var classes = ref MemoryMarshal.GetArrayDataReference(classOf);
        ref var bytes = ref MemoryMarshal.GetReference(haystack);
        var row = 0;
        for (var i = 0; i < haystack.Length; i++)
        {
            var next = Unsafe.Add(ref table, row + Unsafe.Add(ref classes, Unsafe.Add(ref bytes, i)));
            if (next < 0)
            {
                next &= int.MaxValue;
                Report(next / classCount, haystack, i, present, found);
            }
            row = next;
        }
    }

    /// <summary>The reference answer: each literal searched on its own (for tests).</summary>
    public void FindAllNaive(ReadOnlySpan<byte> haystack, Span<ulong> present, List<int> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        for (var id = 0; id < literals.Length; id++)
        {
            if (literals[id].IsContainedIn(haystack) && (present[id >> 6] & (1UL << id)) == 0)
            {
                present[id >> 6] |= 1UL << id;
                found.Add(id);
            }
        }
    }

    private void Report(int state, ReadOnlySpan<byte> haystack, int end, Span<ulong> present, List<int> found)
    {
        for (var s = ownStart[state] < ownStart[state + 1] ? state : outputLink[state]; s >= 0; s = outputLink[s])
        {
            for (var k = ownStart[s]; k < ownStart[s + 1]; k++)
            {
                var id = ownOutputs[k];
                ref var word = ref present[id >> 6];
                var bit = 1UL << id;
                if ((word & bit) != 0)
                {
                    continue;
                }
                var literal = literals[id];
                if (!Confirms(literal, haystack, end))
                {
                    continue;
                }
                word |= bit;
                found.Add(id);
            }
        }
    }

    /// <summary>
    /// Renumbers the trie's states level by level, so that the shallow states, which the scan visits on almost every
    /// byte, hold the first rows of the table and share cache lines.
    /// </summary>
    private static (Dictionary<(int State, int Class), int> Edges, List<List<int>?> Own) InBreadthFirstOrder(
        Dictionary<(int State, int Class), int> edges, List<List<int>?> own)
    {
        var children = new List<(int Class, int Child)>?[own.Count];
        foreach (var ((state, c), child) in edges)
        {
            (children[state] ??= []).Add((c, child));
        }
        var newId = new int[own.Count];
        var order = new List<int>(own.Count) { 0 };
        for (var i = 0; i < order.Count; i++)
        {
            if (children[order[i]] is { } list)
            {
                list.Sort();
                foreach (var (_, child) in list)
                {
                    newId[child] = order.Count;
                    order.Add(child);
                }
            }
        }
        var renumbered = new Dictionary<(int State, int Class), int>(edges.Count);
        foreach (var ((state, c), child) in edges)
        {
            renumbered[(newId[state], c)] = newId[child];
        }
        var outputs = new List<List<int>?>(own.Count);
        foreach (var old in order)
        {
            outputs.Add(own[old]);
        }
        return (renumbered, outputs);
    }

    // The automaton matched the literal's first min(length, maxDepth) bytes, folded, ending at `end`.
    private bool Confirms(PrefilterLiteral literal, ReadOnlySpan<byte> haystack, int end)
    {
        var start = end + 1 - Math.Min(literal.Length, maxDepth);
        if (start + literal.Length > haystack.Length)
        {
            return false;
        }
        var candidate = haystack.Slice(start, literal.Length);
        if (!literal.IgnoreCase)
        {
            return candidate.SequenceEqual(literal.Bytes);
        }
        return literal.Length <= maxDepth || System.Text.Ascii.EqualsIgnoreCase(candidate, literal.Bytes);
    }

    private static byte Fold(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;
}
