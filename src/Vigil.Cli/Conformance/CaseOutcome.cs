namespace Vigil.Cli.Conformance;

/// <summary>The result of running one case: pass/fail, and what came back.</summary>
public sealed record CaseOutcome(ConformanceCase Case, string Variant, bool Passed, IReadOnlyList<long> GotIds, IReadOnlyList<string>? GotJoinKeys, string? Error);
