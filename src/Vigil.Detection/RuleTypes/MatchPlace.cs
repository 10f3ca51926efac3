using Vigil.Eql.Runtime;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Where a term or bucket first appeared in the collect-all run's walk over the matches in time order: the event's
/// ordinal, then the combination's position among that event's combinations. Ordering by it gives back the order in
/// which that run inserted groups into its dictionaries, which its (unstable) sorts start from.
/// </summary>
internal readonly record struct MatchPlace(EventOrdinal Ordinal, int Combination) : IComparable<MatchPlace>
{
    public int CompareTo(MatchPlace other)
    {
        var c = Ordinal.CompareTo(other.Ordinal);
        return c != 0 ? c : Combination.CompareTo(other.Combination);
    }
}
