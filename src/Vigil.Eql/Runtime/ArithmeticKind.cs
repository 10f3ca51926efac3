namespace Vigil.Eql.Runtime;

/// <summary>The arithmetic operations shared by operators and the math functions.</summary>
public enum ArithmeticKind : byte
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}
