namespace Vigil.Eql.Runtime;

/// <summary>The result of running a query: events for an event query, or sequences/samples.</summary>
public sealed record QueryResult(
    IReadOnlyList<MatchedEvent> Events,
    IReadOnlyList<SequenceResult> Sequences,
    bool IsSequenceResult,
    QueryStatistics Statistics);
