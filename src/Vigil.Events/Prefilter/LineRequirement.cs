using System.Collections.Immutable;

namespace Vigil.Events.Prefilter;

/// <summary>
/// What a line must contain to possibly match one query stage: every one of <see cref="AllOf"/> (a conjunction of
/// disjunctions). An empty conjunction means no constraint: every line may match.
/// </summary>
public sealed record LineRequirement(ImmutableArray<LiteralSet> AllOf)
{
    /// <summary>No constraint: every line must be parsed.</summary>
    public static LineRequirement Unconstrained { get; } = new(ImmutableArray<LiteralSet>.Empty);

    /// <summary>Whether this requirement lets every line through.</summary>
    public bool IsUnconstrained => AllOf.IsDefaultOrEmpty;

    /// <summary>Whether <paramref name="line"/> meets the requirement (the plain reference check, no escape rules).</summary>
    public bool IsSatisfiedBy(ReadOnlySpan<byte> line)
    {
        foreach (var set in AllOf)
        {
            if (!set.IsSatisfiedBy(line))
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(LineRequirement? other)
    {
        if (other is null || AllOf.Length != other.AllOf.Length)
        {
            return false;
        }
        foreach (var set in AllOf)
        {
            if (!other.AllOf.Contains(set))
            {
                return false;
            }
        }
        return true;
    }

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var set in AllOf)
        {
            hash ^= set.GetHashCode();
        }
        return hash;
    }

    public override string ToString() => IsUnconstrained ? "(any line)" : string.Join(" AND ", AllOf);
}
