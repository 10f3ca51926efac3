namespace Vigil.Rules;

/// <summary>A <c>severity_mapping</c> entry: severity when a field of the event has a value.</summary>
public sealed record SeverityMapping(string Field, string Operator, string Value, string Severity);
