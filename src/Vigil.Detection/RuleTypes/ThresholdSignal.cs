using System.Text.Json.Nodes;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// One earlier threshold alert as the signal history needs it: the bucket's terms (field, value) and the latest
/// event time it counted (<c>kibana.alert.original_time</c>, or a later <c>kibana.alert.suppression.end</c> when
/// later buckets were suppressed into it).
/// </summary>
public sealed record ThresholdSignal(IReadOnlyList<(string Field, JsonValue Value)> Terms, DateTimeOffset LastEventTime);
