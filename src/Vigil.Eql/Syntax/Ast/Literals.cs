namespace Vigil.Eql.Syntax;

/// <summary>How a string literal was written; kept so the printer can reproduce raw strings.</summary>
public enum StringStyle
{
    /// <summary><c>"..."</c> with backslash escapes.</summary>
    Quoted,
    /// <summary><c>"""..."""</c>, no escapes.</summary>
    Raw,
    /// <summary><c>'...'</c>, the Endgame dialect (an option of the lexer).</summary>
    SingleQuoted,
}

/// <summary>A string literal; <see cref="Value"/> is the text after unescaping.</summary>
public sealed record StringLiteral(SourceSpan Span, string Value, StringStyle Style) : Expression(Span);

/// <summary>An integer literal (fits a 64-bit signed integer).</summary>
public sealed record IntegerLiteral(SourceSpan Span, long Value) : Expression(Span);

/// <summary>A decimal literal such as <c>1.5</c> or <c>2e3</c>.</summary>
public sealed record DecimalLiteral(SourceSpan Span, double Value) : Expression(Span);

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed record BooleanLiteral(SourceSpan Span, bool Value) : Expression(Span);

/// <summary><c>null</c>.</summary>
public sealed record NullLiteral(SourceSpan Span) : Expression(Span);
