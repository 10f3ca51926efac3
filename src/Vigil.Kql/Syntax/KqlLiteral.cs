using System.Collections.Immutable;
using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary>
/// A field name or value as written: unescaped <see cref="Text"/>, whether it was quoted, and — for unquoted text
/// with unescaped <c>*</c> — the literal pieces between the wildcards (<c>a*b</c> is <c>["a", "b"]</c>, a lone
/// <c>*</c> is <c>["", ""]</c>). An escaped <c>\*</c> is an ordinary character inside a piece.
/// </summary>
public sealed record KqlLiteral(SourceSpan Span, string Text, bool IsQuoted, KqlLiteralKind Kind, ImmutableArray<string> WildcardPieces)
{
    /// <summary>Whether the literal holds an unescaped <c>*</c>.</summary>
    public bool HasWildcard => !WildcardPieces.IsDefaultOrEmpty;

    /// <summary>A lone <c>*</c>.</summary>
    public bool IsLoneWildcard => !WildcardPieces.IsDefault && WildcardPieces.Length == 2 && WildcardPieces[0].Length == 0 && WildcardPieces[1].Length == 0;
}
