using System.Collections.Immutable;

namespace Vigil.Events.Prefilter;

/// <summary>
/// A disjunction: a line that may match must contain at least one of <see cref="Alternatives"/>.
/// <see cref="Origin"/> names where the set came from (a field path, <c>event.category</c>) and only serves to pick
/// good search anchors and to explain the plan.
/// </summary>
public sealed record LiteralSet(ImmutableArray<PrefilterLiteral> Alternatives, string Origin)
{
    /// <summary>A set of one literal.</summary>
    public static LiteralSet Of(PrefilterLiteral literal, string origin) => new(ImmutableArray.Create(literal), origin);

    /// <summary>Whether <paramref name="line"/> contains at least one alternative.</summary>
    public bool IsSatisfiedBy(ReadOnlySpan<byte> line)
    {
        foreach (var literal in Alternatives)
        {
            if (literal.IsContainedIn(line))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The shortest alternative's length: a rough measure of how rare the set is.</summary>
    public int ShortestLength
    {
        get
        {
            var shortest = int.MaxValue;
            foreach (var literal in Alternatives)
            {
                shortest = Math.Min(shortest, literal.Length);
            }
            return shortest;
        }
    }

    /// <summary>
    /// Without data, a guess of how rare the set is in event lines (higher is rarer, for choosing search anchors):
    /// longer shortest literals are rarer, more alternatives commoner, and fields that hold a handful of values
    /// across all events (category, type, action, OS, data stream, agent) are in nearly every line.
    /// </summary>
    public double GuessedRarity =>
        ShortestLength - Math.Log2(Alternatives.Length) - (HasLowCardinalityOrigin ? 100 : 0);

    private bool HasLowCardinalityOrigin =>
        Origin.StartsWith("event.", StringComparison.Ordinal)
        || Origin.StartsWith("host.os.", StringComparison.Ordinal)
        || Origin.StartsWith("data_stream.", StringComparison.Ordinal)
        || Origin.StartsWith("agent.", StringComparison.Ordinal)
        || Origin.StartsWith("ecs.", StringComparison.Ordinal)
        || Origin is "event_type" or "event_subtype_full";

    public bool Equals(LiteralSet? other) =>
        other is not null && Origin == other.Origin && SetEquals(Alternatives, other.Alternatives);

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var literal in Alternatives)
        {
            hash ^= literal.GetHashCode();
        }
        return HashCode.Combine(Origin, hash);
    }

    public override string ToString() => Origin + " ∋ {" + string.Join(", ", Alternatives) + "}";

    private static bool SetEquals(ImmutableArray<PrefilterLiteral> a, ImmutableArray<PrefilterLiteral> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        foreach (var literal in a)
        {
            if (!b.Contains(literal))
            {
                return false;
            }
        }
        return true;
    }
}
