namespace Vigil.Rules;

/// <summary>A <c>risk_score_mapping</c> entry: take the risk score from a field of the event.</summary>
public sealed record RiskScoreMapping(string Field, string Operator, string Value, int? RiskScore);
