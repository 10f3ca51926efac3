namespace Vigil.Eql.Runtime;

/// <summary>
/// One sequence or sample as ES returns it: its join keys (rendered; null for a null key) and its events, one per
/// stage; a missing-event stage has a null event.
/// </summary>
public sealed record SequenceResult(IReadOnlyList<string?> JoinKeys, IReadOnlyList<MatchedEvent?> Events);
