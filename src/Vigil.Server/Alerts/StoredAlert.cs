namespace Vigil.Server.Alerts;

/// <summary>One alert as stored: its id, its insertion order (Elasticsearch's index order for unsorted results) and the document's JSON text.</summary>
public sealed record StoredAlert(long Row, string Id, string Json);
