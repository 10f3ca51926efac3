using System.Text;
using System.Text.Json;
using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using Vigil.Events.Projection;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Runs the Endgame pipes over a whole result list, in the order written, with the Python engine's behaviour
/// (endgameinc/eql, eql/engine.py <c>_convert_*_pipe</c>): head/tail keep the first/last N, filter keeps results
/// whose condition is true, unique keeps the first result per key, sort orders by keys (stable), count and
/// unique_count aggregate. A pipe's fields read the first event of a result; <c>events[N].field</c> reads event N.
/// Queries run the pipes as a stream (<see cref="EndgamePipeStream"/>, which reads results through this class);
/// this whole-list evaluation is the plain reference the stream is tested against.
/// </summary>
public sealed class EndgamePipeRunner
{
    private readonly EndgamePipeline pipeline;
    private readonly EventFrame frame;
    private readonly EvalContext context;

    public EndgamePipeRunner(EndgamePipeline pipeline)
    {
        this.pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        frame = new EventFrame(pipeline.Layout);
        context = new EvalContext(frame);
    }

    /// <summary>Every pipe over a whole result list.</summary>
    public IReadOnlyList<PipeRecord> Run(IReadOnlyList<PipeRecord> input) => Run(input, 0);

    private IReadOnlyList<PipeRecord> Run(IReadOnlyList<PipeRecord> input, int from)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<PipeRecord> current = input;
        for (var p = from; p < pipeline.Pipes.Count; p++)
        {
            var pipe = pipeline.Pipes[p];
            current = pipe.Kind switch
            {
                PipeKind.Head => current.Take(pipe.Count).ToList(),
                PipeKind.Tail => current.Skip(Math.Max(0, current.Count - pipe.Count)).ToList(),
                PipeKind.Filter => current.Where(record => Load(record) && pipe.Filter!(context)).ToList(),
                PipeKind.Unique => Unique(current, pipe),
                PipeKind.Sort => Sort(current, pipe),
                PipeKind.Count => Count(current, pipe),
                _ => UniqueCount(current, pipe),
            };
        }
        return current;
    }

    /// <summary>Whether a filter pipe's condition is true for the record.</summary>
    internal bool Passes(PipeRecord record, CompiledPipe pipe) => Load(record) && pipe.Filter!(context);

    // Loads the record into the pipe frame: its first event, with an "events" array of all events when it has more.
    internal bool Load(PipeRecord record)
    {
        var first = record.Events.FirstOrDefault(e => e is not null);
        if (first is null)
        {
            frame.Clear();
            return true;
        }
        if (record.Events.Count == 1)
        {
            frame.Load(first.Source.Span);
            return true;
        }
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            using var document = JsonDocument.Parse(first.Source);
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != "events")
                {
                    property.WriteTo(writer);
                }
            }
            writer.WriteStartArray("events");
            foreach (var matched in record.Events)
            {
                if (matched is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteRawValue(matched.Source.Span, skipInputValidation: false);
                }
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        frame.Load(buffer.ToArray());
        return true;
    }

    internal KeyValue[] KeyOf(PipeRecord record, CompiledPipe pipe, bool fold)
    {
        Load(record);
        var key = new KeyValue[pipe.Expressions.Count];
        for (var i = 0; i < key.Length; i++)
        {
            var value = KeyValue.From(pipe.Expressions[i](context));
            key[i] = fold && value.Kind == EqlValueKind.String ? value with { Text = value.Text!.ToLowerInvariant() } : value;
        }
        return key;
    }

    private List<PipeRecord> Unique(IReadOnlyList<PipeRecord> records, CompiledPipe pipe)
    {
        var seen = new HashSet<KeyList>();
        var kept = new List<PipeRecord>();
        foreach (var record in records)
        {
            if (seen.Add(new KeyList(KeyOf(record, pipe, pipeline.FoldCase))))
            {
                kept.Add(record);
            }
        }
        return kept;
    }

    private List<PipeRecord> Sort(IReadOnlyList<PipeRecord> records, CompiledPipe pipe)
    {
        var keyed = records.Select(record => (Key: new KeyList(KeyOf(record, pipe, pipeline.FoldCase)), Record: record)).ToList();
        // OrderBy is stable, as Python's sort is.
        return keyed.OrderBy(pair => pair.Key).Select(pair => pair.Record).ToList();
    }

    private List<PipeRecord> Count(IReadOnlyList<PipeRecord> records, CompiledPipe pipe)
    {
        var host = pipeline.HostField;
        if (pipe.Expressions.Count == 0)
        {
            var hosts = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                AddHost(record, host, hosts);
            }
            return [TotalsRecord(records.Count, hosts)];
        }
        var groups = new Dictionary<KeyList, (KeyValue[] Shown, int Count, SortedSet<string> Hosts)>();
        foreach (var record in records)
        {
            var shown = KeyOf(record, pipe, fold: false);
            var folded = new KeyList(pipeline.FoldCase ? shown.Select(k => k.Kind == EqlValueKind.String ? k with { Text = k.Text!.ToLowerInvariant() } : k).ToArray() : shown);
            if (!groups.TryGetValue(folded, out var group))
            {
                group = (shown, 0, new SortedSet<string>(StringComparer.Ordinal));
            }
            AddHost(record, host, group.Hosts);
            groups[folded] = (group.Shown, group.Count + 1, group.Hosts);
        }
        double total = records.Count;
        var ordered = groups.Values.OrderBy(g => g.Count).ThenBy(g => new KeyList(g.Shown));
        var output = new List<PipeRecord>();
        foreach (var group in ordered)
        {
            output.Add(CountRecord(group.Shown, group.Count, total, group.Hosts));
        }
        return output;
    }

    private List<PipeRecord> UniqueCount(IReadOnlyList<PipeRecord> records, CompiledPipe pipe)
    {
        var host = pipeline.HostField;
        var groups = new Dictionary<KeyList, (PipeRecord First, long Count, SortedSet<string> Hosts)>();
        var order = new List<KeyList>();
        foreach (var record in records)
        {
            var key = new KeyList(KeyOf(record, pipe, pipeline.FoldCase));
            var (count, hosts) = ReadCountAndHosts(record, host);
            if (!groups.TryGetValue(key, out var group))
            {
                group = (record, 0, new SortedSet<string>(StringComparer.Ordinal));
                order.Add(key);
            }
            group.Hosts.UnionWith(hosts);
            groups[key] = (group.First, group.Count + count, group.Hosts);
        }
        double total = groups.Values.Sum(g => g.Count);
        var output = new List<PipeRecord>();
        foreach (var key in order)
        {
            var group = groups[key];
            output.Add(UniqueCountRecord(group.First, host, group.Count, total, group.Hosts));
        }
        return output;
    }

    /// <summary>count without keys: <c>{"key": "totals", "count": N}</c> plus the hosts seen.</summary>
    internal static PipeRecord TotalsRecord(long count, SortedSet<string> hosts) => Aggregate(writer =>
    {
        writer.WriteString("key", "totals");
        writer.WriteNumber("count", count);
        WriteHosts(writer, hosts);
    });

    /// <summary>One group of count with keys: its count, key (an array for several keys), percent of all and hosts.</summary>
    internal static PipeRecord CountRecord(KeyValue[] shown, long count, double total, SortedSet<string> hosts) => Aggregate(writer =>
    {
        writer.WriteNumber("count", count);
        writer.WritePropertyName("key");
        if (shown.Length == 1)
        {
            WriteKey(writer, shown[0]);
        }
        else
        {
            writer.WriteStartArray();
            foreach (var part in shown)
            {
                WriteKey(writer, part);
            }
            writer.WriteEndArray();
        }
        WritePercent(writer, count / total);
        WriteHosts(writer, hosts);
    });

    /// <summary>unique_count's output for one key: its first result with the aggregate written into the first event.</summary>
    internal static PipeRecord UniqueCountRecord(PipeRecord first, string host, long count, double total, SortedSet<string> hosts)
    {
        var events = first.Events.ToArray();
        if (events.Length > 0 && events[0] is { } head)
        {
            events[0] = head with { Source = RewriteFirst(head.Source, host, count, count / total, hosts) };
        }
        return first with { Events = events };
    }

    // unique_count's first event: the Python engine takes out hostname, hosts and count and adds its aggregate.
    internal static ReadOnlyMemory<byte> RewriteFirst(ReadOnlyMemory<byte> source, string host, long count, double percent, SortedSet<string> hosts)
    {
        using var document = JsonDocument.Parse(source);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name is not ("count" or "hosts" or "percent" or "total_hosts") && property.Name != host)
                {
                    property.WriteTo(writer);
                }
            }
            writer.WriteNumber("count", count);
            WritePercent(writer, percent);
            WriteHosts(writer, hosts);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    internal static (long Count, IEnumerable<string> Hosts) ReadCountAndHosts(PipeRecord record, string host)
    {
        if (record.Events.Count == 0 || record.Events[0] is not { } first)
        {
            return (1, []);
        }
        using var document = JsonDocument.Parse(first.Source);
        var root = document.RootElement;
        long count = root.TryGetProperty("count", out var c) && c.TryGetInt64(out var n) ? n : 1;
        var hosts = new List<string>();
        if (root.TryGetProperty(host, out var h) && h.ValueKind == JsonValueKind.String && h.GetString() is { Length: > 0 } name)
        {
            hosts.Add(name);
        }
        else if (root.TryGetProperty("hosts", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            hosts.AddRange(list.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
        }
        return (count, hosts);
    }

    internal static void AddHost(PipeRecord record, string host, SortedSet<string> hosts)
    {
        if (record.Events.Count == 0 || record.Events[0] is not { } first)
        {
            return;
        }
        using var document = JsonDocument.Parse(first.Source);
        if (document.RootElement.TryGetProperty(host, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            hosts.Add(value.ToString());
        }
    }

    // The counts summed can be 0 (unique_count after a count of nothing) or cancel out (a "count" field in the data):
    // Python's engine stops on the division there; JSON has no NaN or infinity, so such a share is written as null.
    internal static void WritePercent(Utf8JsonWriter writer, double percent)
    {
        if (double.IsFinite(percent))
        {
            writer.WriteNumber("percent", percent);
        }
        else
        {
            writer.WriteNull("percent");
        }
    }

    internal static void WriteHosts(Utf8JsonWriter writer, SortedSet<string> hosts)
    {
        if (hosts.Count == 0)
        {
            return;
        }
        writer.WriteStartArray("hosts");
        foreach (var name in hosts)
        {
            writer.WriteStringValue(name);
        }
        writer.WriteEndArray();
        writer.WriteNumber("total_hosts", hosts.Count);
    }

    internal static void WriteKey(Utf8JsonWriter writer, KeyValue key)
    {
        switch (key.Kind)
        {
            case EqlValueKind.Null:
                writer.WriteNullValue();
                break;
            case EqlValueKind.Boolean:
                writer.WriteBooleanValue(key.Integer != 0);
                break;
            case EqlValueKind.Long:
                writer.WriteNumberValue(key.Integer);
                break;
            case EqlValueKind.Double:
                writer.WriteNumberValue(key.Number);
                break;
            default:
                writer.WriteStringValue(key.Render());
                break;
        }
    }

    internal static PipeRecord Aggregate(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        var matched = new MatchedEvent(buffer.ToArray(), default, "count", 0);
        return new PipeRecord([matched], []);
    }

    /// <summary>A tuple of keys, equal and ordered element by element (null first).</summary>
    internal sealed class KeyList(KeyValue[] values) : IEquatable<KeyList>, IComparable<KeyList>
    {
        private readonly KeyValue[] values = values;

        /// <summary>Characters of text the key holds (for memory estimates).</summary>
        public int TextLength
        {
            get
            {
                var length = values.Length;
                foreach (var value in values)
                {
                    length += value.Text?.Length ?? 0;
                }
                return length;
            }
        }

        public bool Equals(KeyList? other) => other is not null && values.AsSpan().SequenceEqual(other.values);

        public override bool Equals(object? obj) => Equals(obj as KeyList);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var value in values)
            {
                hash.Add(value);
            }
            return hash.ToHashCode();
        }

        public int CompareTo(KeyList? other)
        {
            if (other is null)
            {
                return 1;
            }
            for (var i = 0; i < Math.Min(values.Length, other.values.Length); i++)
            {
                var order = values[i].CompareTo(other.values[i]);
                if (order != 0)
                {
                    return order;
                }
            }
            return values.Length.CompareTo(other.values.Length);
        }
    }
}
