namespace Vigil.Eql.Runtime;

/// <summary>One result travelling through the Endgame pipes: an event, or a sequence/join's events with its keys.</summary>
public sealed record PipeRecord(IReadOnlyList<MatchedEvent?> Events, IReadOnlyList<string?> JoinKeys);
