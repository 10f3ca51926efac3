namespace Vigil.Eql.Runtime;

/// <summary>
/// A memory budget for rule state (open sequences), shared by every matcher given it: Elasticsearch stops a
/// sequence query that outgrows its circuit breaker; Vigil, which must go on with the other rules and the rest of
/// the input, evicts the oldest open sequences of the matcher that outgrows its share instead, and counts them so
/// the rule can say it lost some (never silently). Single-threaded, like the matchers that use it.
/// </summary>
public sealed class StateBudget(long limitBytes)
{
    /// <summary>
    /// Default for a whole scan: with the reader's buffers, reorder windows and the runtime, a scan stays near the
    /// 256 MB peak it is sized for.
    /// </summary>
    public const long DefaultBytes = 128L << 20;

    /// <summary>The budget, in estimated bytes of state.</summary>
    public long LimitBytes { get; } = Math.Max(1, limitBytes);

    /// <summary>Estimated bytes held now by all matchers sharing the budget.</summary>
    public long HeldBytes { get; internal set; }

    /// <summary>Matchers sharing the budget (each may keep at least an equal share).</summary>
    public int Members { get; internal set; }

    /// <summary>The part of the budget a matcher may keep when the whole is over.</summary>
    public long Share => LimitBytes / Math.Max(1, Members);
}
