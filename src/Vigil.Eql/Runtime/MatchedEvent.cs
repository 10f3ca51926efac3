namespace Vigil.Eql.Runtime;

/// <summary>An event kept for a result: a copy of its JSON, its ordinal, and where it came from.</summary>
public sealed record MatchedEvent(ReadOnlyMemory<byte> Source, EventOrdinal Ordinal, string Origin, long Line);
