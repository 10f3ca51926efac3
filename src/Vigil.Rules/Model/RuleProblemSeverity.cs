namespace Vigil.Rules;

/// <summary>How bad a rule problem is: errors fail validation, warnings do not.</summary>
public enum RuleProblemSeverity
{
    Error,
    Warning,
}
