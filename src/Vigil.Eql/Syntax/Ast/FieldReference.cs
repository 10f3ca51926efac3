namespace Vigil.Eql.Syntax;

/// <summary>
/// A field such as <c>process.name</c>, <c>@timestamp</c>, <c>`my field`.x</c> or <c>?process.pid</c>.
/// <see cref="Path"/> holds the dotted path with backtick quoting removed; <see cref="IsOptional"/> is the
/// leading <c>?</c> (an unmapped optional field evaluates to null instead of failing verification).
/// </summary>
public sealed record FieldReference(SourceSpan Span, string Path, bool IsOptional) : Expression(Span);
