namespace Vigil.Rules;

/// <summary>A <c>[[transform.osquery]]</c> entry: an Osquery button in the investigation guide.</summary>
public sealed record OsqueryTransform(string? Label, string Query, RawJson? EcsMapping)
{
    /// <summary>Keys this loader does not model, kept so that rendering writes them back.</summary>
    public RawJson? Extra { get; init; }
}
