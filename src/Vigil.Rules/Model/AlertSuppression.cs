using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>The <c>alert_suppression</c> settings of a rule.</summary>
public sealed record AlertSuppression(ValueList<string> GroupBy, SuppressionDuration? Duration, string? MissingFieldsStrategy);
