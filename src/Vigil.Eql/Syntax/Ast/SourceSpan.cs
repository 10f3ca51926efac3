namespace Vigil.Eql.Syntax;

/// <summary>The stretch of query text a token or node covers (End is exclusive).</summary>
public readonly record struct SourceSpan(SourcePosition Start, SourcePosition End)
{
    public static SourceSpan None => default;

    public int Length => End.Offset - Start.Offset;

    public static SourceSpan Cover(SourceSpan first, SourceSpan last) => new(first.Start, last.End);

    public override string ToString() => Start.ToString();
}
