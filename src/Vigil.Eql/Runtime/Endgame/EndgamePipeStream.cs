using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using static Vigil.Eql.Runtime.EndgamePipeRunner;

namespace Vigil.Eql.Runtime;

/// <summary>
/// The Endgame pipes run as a stream: each result is pushed through the pipes as it is found, whatever the query's
/// shape. head, filter and unique pass a result on at once (unique keeps one key per distinct value); tail keeps a
/// ring of its last N; sort keeps every result, count one group per key (one total without keys) and unique_count
/// one first result per key, and those hand their output to the pipes after them when the input ends
/// (<see cref="Finish"/>). What the pipes hold is counted against a memory limit; going over it stops the run with
/// <see cref="PipeMemoryExceededException"/> naming the pipe, never an out-of-memory crash or a silently cut result.
/// The output equals <see cref="EndgamePipeRunner.Run(IReadOnlyList{PipeRecord})"/> over the whole result list.
/// </summary>
public sealed class EndgamePipeStream
{
    /// <summary>The default limit on what the pipes hold: 512 MiB.</summary>
    public const long DefaultMemoryBytes = 512L << 20;

    // Rough costs of what a pipe holds: an object header and references per record, event and key part.
    private const long RecordOverhead = 64;
    private const long EventOverhead = 64;
    private const long KeyOverhead = 48;

    private readonly IReadOnlyList<CompiledPipe> pipes;
    private readonly EndgamePipeRunner reader;
    private readonly bool foldCase;
    private readonly string hostField;
    private readonly long limitBytes;
    private readonly PipeState[] states;
    private readonly List<PipeRecord> output = [];
    private bool finished;

    public EndgamePipeStream(EndgamePipeline pipeline, long limitBytes = DefaultMemoryBytes)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipes = pipeline.Pipes;
        reader = new EndgamePipeRunner(pipeline);
        foldCase = pipeline.FoldCase;
        hostField = pipeline.HostField;
        this.limitBytes = limitBytes > 0 ? limitBytes : DefaultMemoryBytes;
        states = new PipeState[pipes.Count];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = new PipeState();
            Exhausted |= pipes[i].Kind == PipeKind.Head && pipes[i].Count == 0;
        }
    }

    /// <summary>
    /// True once some head is full: every result passes through it or is dropped before it, so no later result can
    /// change the output and the query may stop looking for more.
    /// </summary>
    public bool Exhausted { get; private set; }

    /// <summary>Results and keys the pipes hold now (the output so far not included).</summary>
    public long HeldItems { get; private set; }

    /// <summary>The most results and keys the pipes held at any time.</summary>
    public long PeakHeldItems { get; private set; }

    /// <summary>Estimated bytes the pipes hold now, counted against the limit.</summary>
    public long HeldBytes { get; private set; }

    /// <summary>Results that came out of the last pipe so far.</summary>
    public int OutputCount => output.Count;

    /// <summary>Pushes one result (in the order found) through the pipes.</summary>
    public void Offer(PipeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (finished)
        {
            throw new InvalidOperationException("the pipe stream has finished");
        }
        if (!Exhausted)
        {
            Push(0, record);
        }
    }

    /// <summary>Ends the input: the holding pipes hand on what they hold, in pipe order; returns the output.</summary>
    public IReadOnlyList<PipeRecord> Finish()
    {
        if (!finished)
        {
            finished = true;
            for (var i = 0; i < pipes.Count; i++)
            {
                Flush(i);
            }
        }
        return output;
    }

    private void Push(int from, PipeRecord record)
    {
        for (var i = from; i < pipes.Count; i++)
        {
            var pipe = pipes[i];
            var state = states[i];
            switch (pipe.Kind)
            {
                case PipeKind.Head:
                    if (state.Passed >= pipe.Count)
                    {
                        return;
                    }
                    Exhausted |= ++state.Passed >= pipe.Count;
                    break;
                case PipeKind.Filter:
                    if (!reader.Passes(record, pipe))
                    {
                        return;
                    }
                    break;
                case PipeKind.Unique:
                    var key = new KeyList(reader.KeyOf(record, pipe, foldCase));
                    if (!(state.Seen ??= []).Add(key))
                    {
                        return;
                    }
                    Hold(i, KeyBytes(key), 0);
                    break;
                case PipeKind.Tail:
                    KeepLast(i, state, record);
                    return;
                case PipeKind.Sort:
                    var sortKey = new KeyList(reader.KeyOf(record, pipe, foldCase));
                    (state.Sorted ??= []).Add((sortKey, record));
                    Hold(i, RecordBytes(record) + KeyBytes(sortKey), 1);
                    return;
                case PipeKind.Count:
                    AddToCount(i, state, record);
                    return;
                default:
                    AddToUniqueCount(i, state, record);
                    return;
            }
        }
        output.Add(record);
    }

    private void KeepLast(int position, PipeState state, PipeRecord record)
    {
        var count = pipes[position].Count;
        if (count == 0)
        {
            return;
        }
        var ring = state.Last ??= new Queue<PipeRecord>(Math.Min(count, 1024));
        ring.Enqueue(record);
        Hold(position, RecordBytes(record), 1);
        if (ring.Count > count)
        {
            Release(RecordBytes(ring.Dequeue()), 1);
        }
    }

    private void AddToCount(int position, PipeState state, PipeRecord record)
    {
        var pipe = pipes[position];
        state.Total++;
        if (pipe.Expressions.Count == 0)
        {
            AddHostHeld(position, record, state.Hosts ??= new SortedSet<string>(StringComparer.Ordinal));
            return;
        }
        var shown = reader.KeyOf(record, pipe, fold: false);
        var folded = new KeyList(foldCase ? Fold(shown) : shown);
        var groups = state.Groups ??= [];
        if (!groups.TryGetValue(folded, out var group))
        {
            group = new Group(shown, null);
            groups.Add(folded, group);
            Hold(position, 2 * KeyBytes(folded), 1);
        }
        group.Count++;
        AddHostHeld(position, record, group.Hosts);
    }

    private void AddToUniqueCount(int position, PipeState state, PipeRecord record)
    {
        var key = new KeyList(reader.KeyOf(record, pipes[position], foldCase));
        var (count, hosts) = ReadCountAndHosts(record, hostField);
        var groups = state.Groups ??= [];
        if (!groups.TryGetValue(key, out var group))
        {
            group = new Group([], record);
            groups.Add(key, group);
            (state.Order ??= []).Add(key);
            Hold(position, RecordBytes(record) + KeyBytes(key), 1);
        }
        group.Count += count;
        state.Total += count;
        foreach (var name in hosts)
        {
            if (group.Hosts.Add(name))
            {
                Hold(position, TextBytes(name), 0);
            }
        }
    }

    // Hands what pipe `position` holds to the pipes after it and forgets it.
    private void Flush(int position)
    {
        var pipe = pipes[position];
        var state = states[position];
        switch (pipe.Kind)
        {
            case PipeKind.Tail when state.Last is { } ring:
                while (ring.TryDequeue(out var record))
                {
                    Release(RecordBytes(record), 1);
                    Push(position + 1, record);
                }
                break;
            case PipeKind.Sort when state.Sorted is { } sorted:
                state.Sorted = null;
                // Stable, as Python's sort is: equal keys keep the order they came in.
                var order = new int[sorted.Count];
                for (var i = 0; i < order.Length; i++)
                {
                    order[i] = i;
                }
                Array.Sort(order, (a, b) =>
                {
                    var c = sorted[a].Key.CompareTo(sorted[b].Key);
                    return c != 0 ? c : a.CompareTo(b);
                });
                foreach (var index in order)
                {
                    var record = sorted[index].Record;
                    Release(RecordBytes(record) + KeyBytes(sorted[index].Key), 1);
                    Push(position + 1, record);
                }
                break;
            case PipeKind.Count when pipe.Expressions.Count == 0:
                Push(position + 1, TotalsRecord(state.Total, state.Hosts ?? new SortedSet<string>(StringComparer.Ordinal)));
                break;
            case PipeKind.Count when state.Groups is { } groups:
                var counted = new List<Group>(groups.Values);
                // By count, then by the key as first seen (groups never share a shown key, so no ties are left).
                counted.Sort(static (a, b) =>
                {
                    var c = a.Count.CompareTo(b.Count);
                    return c != 0 ? c : new KeyList(a.Shown).CompareTo(new KeyList(b.Shown));
                });
                state.Groups = null;
                ReleaseAll(state);
                foreach (var group in counted)
                {
                    Push(position + 1, CountRecord(group.Shown, group.Count, state.Total, group.Hosts));
                }
                break;
            case PipeKind.UniqueCount when state.Groups is { } groups:
                state.Groups = null;
                ReleaseAll(state);
                foreach (var key in state.Order!)
                {
                    var group = groups[key];
                    Push(position + 1, UniqueCountRecord(group.First!, hostField, group.Count, state.Total, group.Hosts));
                }
                break;
            case PipeKind.Unique:
                state.Seen = null;
                ReleaseAll(state);
                break;
        }
    }

    private void Hold(int position, long bytes, int items)
    {
        HeldBytes += bytes;
        states[position].HeldBytes += bytes;
        states[position].HeldItems += items;
        HeldItems += items;
        PeakHeldItems = Math.Max(PeakHeldItems, HeldItems);
        if (HeldBytes > limitBytes)
        {
            throw new PipeMemoryExceededException(pipes[position], position + 1, limitBytes);
        }
    }

    private void Release(long bytes, int items)
    {
        HeldBytes -= bytes;
        HeldItems -= items;
    }

    private void ReleaseAll(PipeState state)
    {
        Release(state.HeldBytes, (int)state.HeldItems);
        state.HeldBytes = 0;
        state.HeldItems = 0;
    }

    private void AddHostHeld(int position, PipeRecord record, SortedSet<string> hosts)
    {
        var before = hosts.Count;
        AddHost(record, hostField, hosts);
        if (hosts.Count > before)
        {
            Hold(position, KeyOverhead, 0);
        }
    }

    private static KeyValue[] Fold(KeyValue[] shown)
    {
        var folded = new KeyValue[shown.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            folded[i] = shown[i].Kind == EqlValueKind.String ? shown[i] with { Text = shown[i].Text!.ToLowerInvariant() } : shown[i];
        }
        return folded;
    }

    private static long RecordBytes(PipeRecord record)
    {
        var bytes = RecordOverhead;
        foreach (var matched in record.Events)
        {
            bytes += EventOverhead + (matched?.Source.Length ?? 0);
        }
        foreach (var key in record.JoinKeys)
        {
            bytes += TextBytes(key);
        }
        return bytes;
    }

    private static long KeyBytes(KeyList key) => KeyOverhead + key.TextLength * 2L;

    private static long TextBytes(string? text) => KeyOverhead + 2L * (text?.Length ?? 0);

    private sealed class Group(KeyValue[] shown, PipeRecord? first)
    {
        public KeyValue[] Shown { get; } = shown;

        // unique_count: the first result of the key (count keeps none).
        public PipeRecord? First { get; } = first;

        public long Count { get; set; }

        public SortedSet<string> Hosts { get; } = new(StringComparer.Ordinal);
    }

    // What one pipe holds; only the fields of its kind are used.
    private sealed class PipeState
    {
        public int Passed;
        public long Total;
        public long HeldBytes;
        public long HeldItems;
        public HashSet<KeyList>? Seen;
        public Queue<PipeRecord>? Last;
        public List<(KeyList Key, PipeRecord Record)>? Sorted;
        public Dictionary<KeyList, Group>? Groups;
        public List<KeyList>? Order;
        public SortedSet<string>? Hosts;
    }
}
