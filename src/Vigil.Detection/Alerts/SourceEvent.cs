using System.Text.Json.Nodes;

namespace Vigil.Detection.Alerts;

/// <summary>
/// An event as the rule's search returned it: its index, id, optional version (EQL hits have none) and its
/// <c>_source</c> object.
/// </summary>
public sealed record SourceEvent(string Index, string Id, JsonObject Source, long? Version = null);
