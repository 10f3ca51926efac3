using System.Text.Json.Serialization;

namespace Vigil.Server.Scheduling;

/// <summary>The JSON of <c>rules-state.json</c> (source-generated: no reflection at run time).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuleStateDocument))]
internal sealed partial class RuleStateJson : JsonSerializerContext;
