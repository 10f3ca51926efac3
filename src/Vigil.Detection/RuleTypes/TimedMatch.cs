using System.Text.Json.Nodes;
using Vigil.Detection.Engine;

namespace Vigil.Detection.RuleTypes;

/// <summary>An event the rule's query matched, parsed once, with the time its range filter sees (null: none).</summary>
public sealed record TimedMatch(ScanEvent Event, JsonObject Source, DateTimeOffset? Time);
