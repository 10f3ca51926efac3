using System.Text.Json.Nodes;

namespace Vigil.Detection.Suppression;

/// <summary>One <c>kibana.alert.suppression.terms</c> entry: a group-by field and its value (sorted array, scalar or null).</summary>
public sealed record SuppressionTerm(string Field, JsonNode? Value)
{
    public JsonObject ToJson() => new() { ["field"] = Field, ["value"] = Value?.DeepClone() };
}
