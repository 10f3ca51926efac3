namespace Vigil.Server.Ingest;

/// <summary>
/// One action of a bulk body and where its document is: <see cref="Source"/> is a slice of the body (empty for
/// <c>delete</c>). <see cref="ActionLine"/> is 1-based, for error messages.
/// </summary>
public readonly record struct BulkOperation(BulkActionKind Kind, string? Index, string? Id, ReadOnlyMemory<byte> Source, int ActionLine);
