namespace Vigil.Server.Scheduling;

/// <summary>The whole of <c>rules-state.json</c>.</summary>
public sealed class RuleStateDocument
{
    public int Version { get; init; } = 1;

    public List<RuleRunState> Rules { get; init; } = [];
}
