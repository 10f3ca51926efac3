using System.Text.Json;
using Vigil.Events.Json;

namespace Vigil.Events.Projection;

/// <summary>
/// Finds a key that occurs twice in the same JSON object, as Elasticsearch does when it indexes a document (its
/// XContent parser enables Jackson's <c>STRICT_DUPLICATE_DETECTION</c> and rejects the document with
/// <c>Duplicate field 'x'</c>). One open-addressing table serves every object of a document, keyed by the object's
/// ordinal and the key's unescaped bytes; entries are stamped with a generation, so starting the next document costs
/// nothing and a document of a million keys is still checked in linear time.
/// </summary>
internal sealed class DuplicateKeyFinder
{
    private Entry[] _table = new Entry[256];
    private int _count;
    private int _generation = 1;
    private int _objects;
    private byte[] _names = new byte[4096];
    private int _namesLength;
    private byte[] _scratch = new byte[256];
    private int[] _objectStack = new int[16];

    /// <summary>Starts a new document.</summary>
    public void Reset()
    {
        _generation++;
        if (_generation == int.MaxValue)
        {
            Array.Clear(_table);
            _generation = 1;
        }
        _count = 0;
        _objects = 0;
        _namesLength = 0;
    }

    /// <summary>A new object's ordinal, for <see cref="Add"/>.</summary>
    public int BeginObject() => ++_objects;

    /// <summary>
    /// Notes the property name the reader is on as a key of object <paramref name="objectId"/>; false when that
    /// object already has it.
    /// </summary>
    public bool Add(int objectId, ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> name;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            name = reader.ValueSpan;
        }
        else
        {
            int needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (_scratch.Length < needed)
            {
                _scratch = new byte[Math.Max(needed, _scratch.Length * 2)];
            }
            name = _scratch.AsSpan(0, JsonStrings.CopyString(ref reader, _scratch));
        }
        return Add(objectId, name);
    }

    private bool Add(int objectId, ReadOnlySpan<byte> name)
    {
        if ((_count + 1) * 2 > _table.Length)
        {
            Grow();
        }
        var hasher = default(HashCode);
        hasher.Add(objectId);
        hasher.AddBytes(name);
        int hash = hasher.ToHashCode();
        int mask = _table.Length - 1;
        int slot = hash & mask;
        while (true)
        {
            ref Entry entry = ref _table[slot];
            if (entry.Generation != _generation)
            {
                entry = new Entry(_generation, hash, objectId, Store(name), name.Length);
                _count++;
                return true;
            }
            if (entry.Hash == hash && entry.ObjectId == objectId &&
                _names.AsSpan(entry.NameStart, entry.NameLength).SequenceEqual(name))
            {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>
    /// Steps over the value the reader is on (as <see cref="Utf8JsonReader.Skip"/> does), checking the keys of every
    /// object inside it; false with the reader on the second occurrence of a key.
    /// </summary>
    public bool SkipChecked(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return true;
        }
        int depth = reader.CurrentDepth;
        int top = 0;
        Push(ref top, reader.TokenType == JsonTokenType.StartObject ? BeginObject() : 0);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (!Add(_objectStack[top - 1], ref reader))
                    {
                        return false;
                    }
                    break;
                case JsonTokenType.StartObject:
                    Push(ref top, BeginObject());
                    break;
                case JsonTokenType.StartArray:
                    Push(ref top, 0);
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    top--;
                    if (reader.CurrentDepth == depth)
                    {
                        return true;
                    }
                    break;
            }
        }
        return true;
    }

    private void Push(ref int top, int objectId)
    {
        if (top == _objectStack.Length)
        {
            Array.Resize(ref _objectStack, _objectStack.Length * 2);
        }
        _objectStack[top++] = objectId;
    }

    private int Store(ReadOnlySpan<byte> name)
    {
        if (_names.Length - _namesLength < name.Length)
        {
            Array.Resize(ref _names, Math.Max(_names.Length * 2, _namesLength + name.Length));
        }
        name.CopyTo(_names.AsSpan(_namesLength));
        int start = _namesLength;
        _namesLength += name.Length;
        return start;
    }

    private void Grow()
    {
        Entry[] old = _table;
        _table = new Entry[old.Length * 2];
        int mask = _table.Length - 1;
        foreach (Entry entry in old)
        {
            if (entry.Generation != _generation)
            {
                continue;
            }
            int slot = entry.Hash & mask;
            while (_table[slot].Generation == _generation)
            {
                slot = (slot + 1) & mask;
            }
            _table[slot] = entry;
        }
    }

    private readonly record struct Entry(int Generation, int Hash, int ObjectId, int NameStart, int NameLength);
}
