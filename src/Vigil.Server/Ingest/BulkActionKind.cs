namespace Vigil.Server.Ingest;

/// <summary>The action of one bulk item; its name is the key of the item in the response.</summary>
public enum BulkActionKind
{
    Index,
    Create,
    Update,
    Delete,
}
