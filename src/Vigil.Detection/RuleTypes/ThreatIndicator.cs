using System.Text.Json.Nodes;

namespace Vigil.Detection.RuleTypes;

/// <summary>One indicator document (e.g. a Filebeat threat-intel event) with the index and id an enrichment names.</summary>
public sealed record ThreatIndicator(string Index, string Id, JsonObject Source, string Origin, long Line);
