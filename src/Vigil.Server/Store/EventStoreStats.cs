namespace Vigil.Server.Store;

/// <summary>What the store holds, for health and metrics.</summary>
public sealed record EventStoreStats(long Segments, long Events, long Bytes, DateTimeOffset? Oldest, DateTimeOffset? Newest);
