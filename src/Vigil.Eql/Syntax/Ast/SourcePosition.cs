namespace Vigil.Eql.Syntax;

/// <summary>A place in the query text: 0-based offset, 1-based line and column.</summary>
public readonly record struct SourcePosition(int Offset, int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
