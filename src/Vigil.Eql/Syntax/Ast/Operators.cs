namespace Vigil.Eql.Syntax;

/// <summary><c>== != &lt; &lt;= &gt; &gt;=</c>.</summary>
public enum ComparisonOperator
{
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}

/// <summary><c>+ - * / %</c>.</summary>
public enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

/// <summary><c>and</c> / <c>or</c>.</summary>
public enum LogicalOperator
{
    And,
    Or,
}

/// <summary>The string-pattern operators. <c>:</c> is always case-insensitive; like and regex have a <c>~</c> form.</summary>
public enum PatternOperator
{
    /// <summary><c>field : "a*"</c> or <c>field : ("a*", "b?")</c>: case-insensitive equality with wildcards.</summary>
    Colon,
    /// <summary><c>like</c> / <c>like~</c>: wildcard match.</summary>
    Like,
    /// <summary><c>regex</c> / <c>regex~</c>: regular expression, anchored on the whole value.</summary>
    Regex,
}

/// <summary>The lineage relations of the Endgame dialect.</summary>
public enum LineageKind
{
    DescendantOf,
    ChildOf,
    EventOf,
}
