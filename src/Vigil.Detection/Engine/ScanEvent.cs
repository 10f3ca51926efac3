namespace Vigil.Detection.Engine;

/// <summary>An input event with its identity (index, id), its JSON bytes and where it was read.</summary>
public sealed record ScanEvent(string Index, string Id, ReadOnlyMemory<byte> Json, string Origin, long Line);
