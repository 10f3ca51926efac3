using System.Text.Json.Nodes;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// One threshold group that reached the threshold in one search: its terms (field, value) in the rule's field
/// order, its event count, its first and last event times, and the distinct count of the cardinality field.
/// </summary>
public sealed record ThresholdBucket(
    IReadOnlyList<(string Field, JsonValue Value)> Terms,
    long Count,
    DateTimeOffset? MinTime,
    DateTimeOffset? MaxTime,
    long? Cardinality);
