namespace Vigil.Eql.Runtime;

/// <summary>An event that matched a missing-event stage: when, and under which keys.</summary>
internal sealed record MissingEventRecord(EventOrdinal Ordinal, SequenceKey[] Keys);
