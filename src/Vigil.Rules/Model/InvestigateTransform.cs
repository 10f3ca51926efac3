namespace Vigil.Rules;

/// <summary>A <c>[[transform.investigate]]</c> entry: a Timeline button in the investigation guide.</summary>
public sealed record InvestigateTransform(
    string Label,
    string? Description,
    RawJson Providers,
    string? RelativeFrom,
    string? RelativeTo)
{
    /// <summary>Keys this loader does not model, kept so that rendering writes them back.</summary>
    public RawJson? Extra { get; init; }
}
