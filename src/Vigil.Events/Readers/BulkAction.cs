namespace Vigil.Events.Readers;

/// <summary>The action of an Elasticsearch <c>_bulk</c> action line.</summary>
internal enum BulkAction
{
    None,
    Index,
    Create,
    Delete,
    Update,
}
