namespace Vigil.Eql.Runtime;

/// <summary>One event to run a query over: its JSON bytes and where it came from.</summary>
public sealed record EventInput(ReadOnlyMemory<byte> Json, string Origin, long Line);
