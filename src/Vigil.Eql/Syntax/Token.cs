namespace Vigil.Eql.Syntax;

/// <summary>
/// One token: its kind and where it is. A struct that holds no text, so lexing allocates nothing per token;
/// the parser slices the source when it needs the text.
/// </summary>
internal readonly record struct Token(TokenKind Kind, SourceSpan Span)
{
    public int Offset => Span.Start.Offset;

    public int Length => Span.Length;

    public ReadOnlySpan<char> Text(string source) => source.AsSpan(Span.Start.Offset, Span.Length);
}
