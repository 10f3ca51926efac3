namespace Vigil.Rules;

/// <summary>The outcome of validating one rule.</summary>
public enum RuleValidationStatus
{
    /// <summary>No errors; the query was parsed and bound.</summary>
    Passed,

    /// <summary>At least one error.</summary>
    Failed,

    /// <summary>No errors in what was checked, but the query's language cannot be checked yet.</summary>
    Skipped,
}
