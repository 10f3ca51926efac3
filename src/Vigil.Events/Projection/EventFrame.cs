using System.Text;
using System.Text.Json;
using Vigil.Events.Json;

namespace Vigil.Events.Projection;

/// <summary>
/// A reusable per-event frame: filled from one JSON object's UTF-8 bytes, it holds the values of the layout's
/// projected fields (arrays as several values) and nothing else. Buffers grow once and are reused, so filling a
/// frame does not allocate per event.
/// </summary>
public sealed class EventFrame
{
    private const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        MaxDepth = MaxDepth + 8,
    };

    private readonly FieldValue[][] slotValues;
    private readonly int[] slotCounts;
    private byte[] source = new byte[1024];
    private int sourceLength;
    private byte[] arena = new byte[256];
    private int arenaLength;
    private byte[] name = new byte[256];
    private readonly DuplicateKeyFinder duplicates = new();

    public EventFrame(FieldLayout layout)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        slotValues = new FieldValue[layout.Count][];
        slotCounts = new int[layout.Count];
        for (var i = 0; i < slotValues.Length; i++)
        {
            slotValues[i] = new FieldValue[2];
        }
    }

    /// <summary>The layout that decides which fields are read.</summary>
    public FieldLayout Layout { get; }

    /// <summary>The event's JSON as loaded (valid until the next load).</summary>
    public ReadOnlySpan<byte> Source => source.AsSpan(0, sourceLength);

    /// <summary>How many values the slot holds (0 = missing or null-only, more than 1 = multi-valued).</summary>
    public int CountOf(int slot) => slotCounts[slot];

    /// <summary>The slot's <paramref name="index"/>-th value.</summary>
    public FieldValue ValueOf(int slot, int index) => slotValues[slot][index];

    /// <summary>The UTF-8 bytes of a string value.</summary>
    public ReadOnlySpan<byte> Utf8Of(in FieldValue value) =>
        value.InArena ? arena.AsSpan(value.Start, value.Length) : source.AsSpan(value.Start, value.Length);

    /// <summary>The UTF-8 bytes of a string value as memory over the frame's buffers (valid until the next load).</summary>
    public ReadOnlyMemory<byte> Utf8MemoryOf(in FieldValue value) =>
        value.InArena ? arena.AsMemory(value.Start, value.Length) : source.AsMemory(value.Start, value.Length);

    /// <summary>A string value as a .NET string (allocates; for results and diagnostics, not the hot path).</summary>
    public string StringOf(in FieldValue value) => Encoding.UTF8.GetString(Utf8Of(value));

    /// <summary>Changes whenever the frame is cleared or loaded: lets readers cache what they derived from one event.</summary>
    public long Generation { get; private set; }

    /// <summary>Empties every slot.</summary>
    public void Clear()
    {
        Generation++;
        Array.Clear(slotCounts);
        sourceLength = 0;
        arenaLength = 0;
    }

    /// <summary>
    /// Fills the frame from one JSON object. Invalid JSON is reported in the result (with line and column), never
    /// thrown; the frame is then empty.
    /// </summary>
    public FrameLoadResult Load(ReadOnlySpan<byte> json)
    {
        Clear();
        if (source.Length < json.Length)
        {
            source = new byte[Math.Max(json.Length, source.Length * 2)];
        }
        json.CopyTo(source);
        sourceLength = json.Length;
        var reader = new Utf8JsonReader(source.AsSpan(0, sourceLength), ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                return Fail(1, 1, "empty input where a JSON object was expected");
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(reader, "expected a JSON object");
            }
            duplicates.Reset();
            if (!ReadObject(ref reader, FieldTrie.Root, 0))
            {
                return Fail(reader, DuplicateMessage(ref reader));
            }
            if (reader.Read())
            {
                return Fail(reader, "unexpected data after the JSON object");
            }
            return FrameLoadResult.Ok;
        }
        catch (JsonException error)
        {
            Clear();
            return new FrameLoadResult(false, (error.LineNumber ?? 0) + 1, (error.BytePositionInLine ?? 0) + 1, JsonErrorText.Describe(error));
        }
    }

    private FrameLoadResult Fail(in Utf8JsonReader reader, string message)
    {
        // Locate first: clearing the frame forgets the source the offset points into.
        var (line, column) = Locate((int)reader.TokenStartIndex);
        Clear();
        return new FrameLoadResult(false, line, column, message);
    }

    private FrameLoadResult Fail(long line, long column, string message)
    {
        Clear();
        return new FrameLoadResult(false, line, column, message);
    }

    private (long Line, long Column) Locate(int offset)
    {
        long line = 1;
        long column = 1;
        var span = source.AsSpan(0, Math.Min(offset, sourceLength));
        foreach (var b in span)
        {
            if (b == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return (line, column);
    }

    // "duplicate field 'name'": Elasticsearch's own words for a document it will not index.
    private string DuplicateMessage(ref Utf8JsonReader reader)
    {
        var key = Encoding.UTF8.GetString(PropertyName(ref reader));
        return $"duplicate field '{key}' (Elasticsearch rejects a document whose object repeats a key)";
    }

    // The reader is positioned on StartObject; node is the object's path in the layout's trie. Every key of every
    // object is checked against its siblings, skipped values included; false (reader on the repeated key) on the
    // first duplicate.
    private bool ReadObject(ref Utf8JsonReader reader, int node, int depth)
    {
        var trie = Layout.Trie;
        var objectId = duplicates.BeginObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!duplicates.Add(objectId, ref reader))
            {
                return false;
            }
            var child = trie.Walk(node, PropertyName(ref reader));
            reader.Read();
            if (child < 0)
            {
                if (!duplicates.SkipChecked(ref reader))
                {
                    return false;
                }
                continue;
            }
            var slot = trie.SlotOf(child);
            var isPrefix = depth < MaxDepth && trie.HasChildren(child);
            if (slot < 0 && !isPrefix)
            {
                if (!duplicates.SkipChecked(ref reader))
                {
                    return false;
                }
                continue;
            }
            if (!ReadValue(ref reader, slot, isPrefix, child, depth))
            {
                return false;
            }
        }
        return true;
    }

    private bool ReadValue(ref Utf8JsonReader reader, int slot, bool isPrefix, int node, int depth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return isPrefix ? ReadObject(ref reader, node, depth + 1) : duplicates.SkipChecked(ref reader);
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!ReadValue(ref reader, slot, isPrefix, node, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            default:
                if (slot >= 0)
                {
                    AddScalar(ref reader, slot);
                }
                return true;
        }
    }

    private void AddScalar(ref Utf8JsonReader reader, int slot)
    {
        FieldValue value;
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = FieldValue.FromBoolean(true);
                break;
            case JsonTokenType.False:
                value = FieldValue.FromBoolean(false);
                break;
            case JsonTokenType.Number:
                var raw = reader.ValueSpan;
                if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0 && reader.TryGetInt64(out var integer))
                {
                    value = FieldValue.FromInteger(integer);
                }
                else
                {
                    value = FieldValue.FromDecimal(reader.GetDouble());
                }
                break;
            case JsonTokenType.String:
                value = StringValue(ref reader);
                break;
            default:
                // null: an explicit null adds no value (ES treats [] and null alike: missing).
                return;
        }
        var values = slotValues[slot];
        var count = slotCounts[slot];
        if (count == values.Length)
        {
            Array.Resize(ref slotValues[slot], values.Length * 2);
            values = slotValues[slot];
        }
        values[count] = value;
        slotCounts[slot] = count + 1;
    }

    private FieldValue StringValue(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return FieldValue.FromString((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, inArena: false);
        }
        var needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (arena.Length - arenaLength < needed)
        {
            Array.Resize(ref arena, Math.Max(arena.Length * 2, arenaLength + needed));
        }
        var written = JsonStrings.CopyString(ref reader, arena.AsSpan(arenaLength));
        var value = FieldValue.FromString(arenaLength, written, inArena: true);
        arenaLength += written;
        return value;
    }

    // The property name's UTF-8 bytes: the raw span when it has no escapes, else unescaped into a scratch buffer.
    private ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan;
        }
        var needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (name.Length < needed)
        {
            name = new byte[Math.Max(name.Length * 2, needed)];
        }
        var written = JsonStrings.CopyString(ref reader, name);
        return name.AsSpan(0, written);
    }
}
