namespace Vigil.Eql.Syntax;

/// <summary>
/// A field such as <c>process.name</c>, <c>@timestamp</c>, <c>`my field`.x</c> or <c>?process.pid</c>.
/// <see cref="Path"/> holds the dotted path with backtick quoting removed; <see cref="IsOptional"/> is the
/// leading <c>?</c> (an unmapped optional field evaluates to null instead of failing verification).
/// </summary>
public sealed record FieldReference(SourceSpan Span, string Path, bool IsOptional) : Expression(Span)
{
    /// <summary>
    /// Endgame <c>$x.name</c>: the path starts at a variable bound by arraySearch / arrayCount (the Python engine's
    /// dollar_var syntax), never at an event field.
    /// </summary>
    public bool IsVariable { get; init; }
}
