using System.Text.Json.Nodes;
using Vigil.Detection.RuleTypes;

namespace Vigil.Detection.Engine;

/// <summary>What a rule's query found: one event, or one sequence (its events in order).</summary>
public sealed record RuleMatch(IReadOnlyList<ScanEvent> Events, bool IsSequence)
{
    /// <summary>A threshold rule's group: the alert is built from it, not from an event (<see cref="Events"/> is empty).</summary>
    public ThresholdBucket? Threshold { get; init; }

    /// <summary>A new_terms rule's new values (<c>kibana.alert.new_terms</c>) for the event in <see cref="Events"/>.</summary>
    public JsonArray? NewTerms { get; init; }

    /// <summary>An indicator match rule's <c>threat.enrichments</c> entries for the event in <see cref="Events"/>.</summary>
    public JsonArray? Enrichments { get; init; }
}
