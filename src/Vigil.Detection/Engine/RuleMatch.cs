namespace Vigil.Detection.Engine;

/// <summary>What a rule's query found: one event, or one sequence (its events in order).</summary>
public sealed record RuleMatch(IReadOnlyList<ScanEvent> Events, bool IsSequence);
