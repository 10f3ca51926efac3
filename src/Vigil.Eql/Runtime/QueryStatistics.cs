namespace Vigil.Eql.Runtime;

/// <summary>Counters a run exposes: events seen, skipped for a missing timestamp, peak in-flight state.</summary>
public sealed record QueryStatistics(long EventsSeen, long EventsWithoutTimestamp, long PeakInFlightSequences, long EvictedSequences = 0);
