namespace Vigil.Server.Ingest;

/// <summary>
/// The outcome of one document write, as a bulk item or a single-document response reports it: stored
/// (<see cref="ErrorType"/> null; 201 created or 200 updated) or refused with Elasticsearch's error type and reason.
/// </summary>
public readonly record struct ItemResult(BulkActionKind Kind, string Index, string Id, int Status, long Version, long SeqNo, string? ErrorType, string? ErrorReason)
{
    public bool Failed => ErrorType is not null;

    public static ItemResult Refused(BulkActionKind kind, string index, string id, int status, string type, string reason) =>
        new(kind, index, id, status, 0, -1, type, reason);
}
