using System.Collections.Immutable;

namespace Vigil.Eql.Runtime;

/// <summary>The join-key tuple of an event for one stage (empty without keys).</summary>
public sealed class SequenceKey : IEquatable<SequenceKey>, IComparable<SequenceKey>
{
    private readonly int hash;

    public SequenceKey(ImmutableArray<KeyValue> values)
    {
        Values = values;
        var h = new HashCode();
        foreach (var value in values)
        {
            h.Add(value);
        }
        hash = h.ToHashCode();
    }

    public static SequenceKey Empty { get; } = new([]);

    public ImmutableArray<KeyValue> Values { get; }

    public bool Equals(SequenceKey? other)
    {
        if (other is null || other.hash != hash || other.Values.Length != Values.Length)
        {
            return false;
        }
        for (var i = 0; i < Values.Length; i++)
        {
            if (!Values[i].Equals(other.Values[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as SequenceKey);

    public override int GetHashCode() => hash;

    public int CompareTo(SequenceKey? other)
    {
        if (other is null)
        {
            return 1;
        }
        for (var i = 0; i < Math.Min(Values.Length, other.Values.Length); i++)
        {
            var c = Values[i].CompareTo(other.Values[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return Values.Length.CompareTo(other.Values.Length);
    }
}
