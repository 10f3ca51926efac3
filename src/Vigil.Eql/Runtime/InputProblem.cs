namespace Vigil.Eql.Runtime;

/// <summary>An input event that could not be used, with its place (1-based line and column when known).</summary>
public sealed record InputProblem(string Origin, long Line, long? Column, string Reason)
{
    public override string ToString() =>
        Column is { } column ? $"{Origin}:{Line}:{column}: {Reason}" : $"{Origin}:{Line}: {Reason}";
}
