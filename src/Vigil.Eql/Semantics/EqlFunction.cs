namespace Vigil.Eql.Semantics;

/// <summary>The built-in EQL functions a <c>FunctionCall</c> resolves to.</summary>
public enum EqlFunction
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Number,
    String,
    Concat,
    Length,
    Substring,
    Between,
    IndexOf,
    StartsWith,
    EndsWith,
    StringContains,
    CidrMatch,
}
