using Vigil.Server.Store;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>A sealed NDJSON segment file written by <see cref="FakeSegmentStore"/>, its envelopes kept in memory.</summary>
internal sealed class FakeSegment(string path, IReadOnlyList<(string Index, string Id)> envelopes, long bytes,
    DateTimeOffset minTime, DateTimeOffset maxTime) : StoredSegment
{
    public override string Path { get; } = path;
    public override long Events => envelopes.Count;
    public override long Bytes { get; } = bytes;
    public override DateTimeOffset MinTime { get; } = minTime;
    public override DateTimeOffset MaxTime { get; } = maxTime;

    public override (string Index, string Id) EnvelopeOf(long line) => envelopes[(int)(line - 1)];
}
