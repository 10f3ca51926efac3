namespace Vigil.Eql.Syntax;

/// <summary>The body of a statement: an event query, a sequence, a sample or a join.</summary>
public abstract record Query(SourceSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>category where condition</c>. <see cref="Category"/> is null for <c>any</c>.
/// </summary>
public sealed record EventQuery(SourceSpan Span, string? Category, Expression Condition) : Query(Span);

/// <summary>A time span such as <c>maxspan=500ms</c>; <see cref="Unit"/> is the suffix as written (ms s m h d), empty if none.</summary>
public sealed record TimeSpanLiteral(SourceSpan Span, long Amount, string Unit) : SyntaxNode(Span)
{
    /// <summary>The span in milliseconds, or null for an unknown unit.</summary>
    public long? Milliseconds => Unit switch
    {
        "ms" => Amount,
        "s" or "" => Amount * 1000,
        "m" => Amount * 60_000,
        "h" => Amount * 3_600_000,
        "d" => Amount * 86_400_000,
        _ => null,
    };
}

/// <summary>
/// One bracketed stage of a sequence, sample or join: <c>[query] by keys with runs=N</c>, or a missing event
/// <c>![query]</c>.
/// </summary>
public sealed record QueryStage(SourceSpan Span, EventQuery Query, ValueList<Expression> JoinKeys, int? Runs, bool IsMissing)
    : SyntaxNode(Span)
{
    /// <summary>Endgame <c>[query] fork</c>: a partial sequence reaching this stage stays to be matched again.</summary>
    public bool IsFork { get; init; }
}

/// <summary><c>sequence [by keys] [with maxspan=N] stages [until stage]</c>.</summary>
public sealed record SequenceQuery(
    SourceSpan Span, ValueList<Expression> JoinKeys, TimeSpanLiteral? MaxSpan, ValueList<QueryStage> Stages, QueryStage? Until)
    : Query(Span);

/// <summary><c>sample [by keys] stages</c>.</summary>
public sealed record SampleQuery(SourceSpan Span, ValueList<Expression> JoinKeys, ValueList<QueryStage> Stages) : Query(Span);

/// <summary>Endgame <c>join [by keys] stages [until stage]</c>.</summary>
public sealed record JoinQuery(SourceSpan Span, ValueList<Expression> JoinKeys, ValueList<QueryStage> Stages, QueryStage? Until)
    : Query(Span);

/// <summary>A pipe after the query: <c>| head 5</c>, <c>| tail 3</c>, and the Endgame pipes.</summary>
public sealed record Pipe(SourceSpan Span, PipeKind Kind, ValueList<Expression> Arguments) : SyntaxNode(Span);

/// <summary>The pipes EQL knows. Only head and tail are Elasticsearch's; the rest are the Endgame dialect's.</summary>
public enum PipeKind
{
    Head,
    Tail,
    Count,
    Unique,
    UniqueCount,
    Filter,
    Sort,
}

/// <summary>A whole EQL statement: the query and its pipes.</summary>
public sealed record EqlStatement(SourceSpan Span, Query Query, ValueList<Pipe> Pipes) : SyntaxNode(Span);
