namespace Vigil.Cli.Conformance;

/// <summary>One query of a QA suite with what ES is expected to return.</summary>
public sealed record ConformanceCase(
    string Suite,
    string Name,
    string Query,
    IReadOnlyList<IReadOnlyList<long>> ExpectedAlternatives,
    IReadOnlyList<string>? JoinKeys,
    int? Size,
    int? MaxSamplesPerKey,
    bool? CaseSensitive,
    bool? CaseInsensitive,
    bool? ExpectShardFailures,
    bool? AllowPartialSearchResults,
    bool? AllowPartialSequenceResults);
