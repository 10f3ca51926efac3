namespace Vigil.Eql.Syntax;

/// <summary>The kinds of EQL tokens. Keywords are lowercase and case-sensitive, as in Elasticsearch.</summary>
internal enum TokenKind : byte
{
    EndOfInput,
    /// <summary>A token the lexer could not read; the lexer has already reported why.</summary>
    Error,

    Identifier,
    /// <summary><c>`my field`</c>, doubled backticks inside stand for one.</summary>
    QuotedIdentifier,
    /// <summary><c>name~</c>: a case-insensitive function name.</summary>
    TildeIdentifier,
    String,
    RawString,
    SingleQuotedString,
    /// <summary><c>?"..."</c> or <c>?'...'</c>: the Endgame dialect's raw string, where only <c>\"</c> (<c>\'</c>) is an escape.</summary>
    QuestionRawString,
    Integer,
    Decimal,

    // Keywords.
    And,
    Any,
    By,
    False,
    In,
    InInsensitive,
    Join,
    Like,
    LikeInsensitive,
    Maxspan,
    Not,
    Null,
    Of,
    Or,
    Regex,
    RegexInsensitive,
    Sample,
    Sequence,
    True,
    Until,
    Where,
    With,

    // Punctuation.
    Colon,
    Assign,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Dot,
    Comma,
    LeftBracket,
    RightBracket,
    LeftParen,
    RightParen,
    Pipe,
    Question,
    /// <summary><c>$</c> before a name: an arraySearch / arrayCount variable (Endgame dialect).</summary>
    Dollar,
    /// <summary><c>![</c>, the opening of a missing-event stage.</summary>
    MissingOpen,
}
