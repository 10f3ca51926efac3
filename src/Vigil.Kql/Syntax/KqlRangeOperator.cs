namespace Vigil.Kql.Syntax;

/// <summary>The comparison of a range expression.</summary>
public enum KqlRangeOperator
{
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}
