using System.Runtime.CompilerServices;
using System.Collections.Immutable;

namespace Vigil.Eql.Syntax;

/// <summary>Statements, queries, stages and pipes.</summary>
public sealed partial class EqlParser
{
    private static readonly string[] TimeUnits = ["ms", "s", "m", "h", "d"];

    private EqlStatement? ParseStatement()
    {
        ParseDefinitionList();
        if (!failed && options.EndgameSyntax && At(TokenKind.EndOfInput) && position > 0)
        {
            ErrorAtCurrent("expected a query after the definitions");
        }
        if (failed)
        {
            return null;
        }
        var start = StartOfCurrent;
        Query query = Current.Kind switch
        {
            TokenKind.Sequence => ParseSequence(),
            TokenKind.Sample => ParseSample(),
            TokenKind.Join => ParseJoin(),
            _ => ParseEventQuery(),
        };
        var pipes = ImmutableArray.CreateBuilder<Pipe>();
        while (!failed && At(TokenKind.Pipe))
        {
            pipes.Add(ParsePipe());
        }
        if (!failed && !At(TokenKind.EndOfInput))
        {
            var hint = Current.Kind switch
            {
                TokenKind.LeftBracket or TokenKind.MissingOpen when query is EventQuery =>
                    " (bracketed stages belong to a 'sequence', 'sample' or 'join')",
                TokenKind.Assign => " (use '==' to compare values)",
                _ => "",
            };
            Error(Current.Span, $"unexpected {TokenDescriptions.Describe(Current, text)} after the end of the query{hint}");
        }
        if (failed)
        {
            return null;
        }
        var statement = new EqlStatement(SpanFrom(start), query, new ValueList<Pipe>(pipes.ToImmutable()));
        var height = SyntaxTreeHeight.Of(statement);
        if (height > options.MaxTreeHeight)
        {
            Error(statement.Span,
                $"the query is too long to handle: its syntax tree is {height} levels deep (at most {options.MaxTreeHeight}); " +
                "long chains of 'or' are better written with 'in (...)' or ': (...)'");
            return null;
        }
        return statement;
    }

    /// <summary><c>category where condition</c> or <c>any where condition</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private EventQuery ParseEventQuery()
    {
        var start = StartOfCurrent;
        string? category = null;
        var categoryToken = Current;
        switch (categoryToken.Kind)
        {
            case TokenKind.Any:
                Take();
                break;
            case TokenKind.Identifier:
                Take();
                category = TextOf(categoryToken);
                break;
            case TokenKind.String:
            case TokenKind.RawString:
            case TokenKind.SingleQuotedString:
            case TokenKind.QuestionRawString:
                Take();
                category = StringLiterals.Decode(categoryToken.Text(text), categoryToken.Kind);
                break;
            default:
                var keyword = TokenDescriptions.Spelling(categoryToken.Kind);
                var hint = keyword is not null && char.IsAsciiLetter(keyword[0])
                    ? $" ('{keyword}' is a keyword; write \"{keyword}\" for a category of that name)"
                    : "";
                ErrorAtCurrent("expected an event category (a name, a quoted string or 'any')" + hint);
                return new EventQuery(SpanFrom(start), null, new BooleanLiteral(SpanFrom(start), false));
        }
        if (!Expect(TokenKind.Where, $"after the event category '{category ?? "any"}'"))
        {
            return new EventQuery(SpanFrom(start), category, new BooleanLiteral(SpanFrom(start), false));
        }
        var condition = ParseExpression();
        return new EventQuery(SpanFrom(start), category, condition);
    }

    /// <summary>
    /// <c>sequence [by keys] [with maxspan=N] stages [until stage]</c>. Elasticsearch's grammar also admits
    /// <c>with maxspan</c> before <c>by</c> only to refuse it, so we refuse it too, with the same advice.
    /// </summary>
    private SequenceQuery ParseSequence()
    {
        var start = StartOfCurrent;
        Take();
        var keys = At(TokenKind.By) ? ParseJoinKeys() : ValueList<Expression>.Empty;
        TimeSpanLiteral? maxSpan = null;
        if (!failed && At(TokenKind.With))
        {
            maxSpan = ParseMaxSpan();
        }
        if (!failed && At(TokenKind.By))
        {
            Error(Current.Span, keys.Count > 0
                ? "the sequence already has 'by' keys; list them all after one 'by'"
                : "put the sequence's 'by' keys before 'with maxspan', not after");
        }
        var stages = ParseStages("sequence", allowMissing: true, allowRuns: true);
        QueryStage? until = null;
        if (!failed && At(TokenKind.Until))
        {
            until = ParseUntil("sequence");
            CheckJoinKeyCount(stages, until);
        }
        return new SequenceQuery(SpanFrom(start), keys, maxSpan, stages, until);
    }

    /// <summary><c>sample [by keys] stages</c>.</summary>
    private SampleQuery ParseSample()
    {
        var start = StartOfCurrent;
        Take();
        var keys = At(TokenKind.By) ? ParseJoinKeys() : ValueList<Expression>.Empty;
        var stages = ParseStages("sample", allowMissing: false, allowRuns: false);
        if (!failed && At(TokenKind.Until))
        {
            Error(Current.Span, "a sample has no 'until' stage");
        }
        return new SampleQuery(SpanFrom(start), keys, stages);
    }

    /// <summary>Endgame <c>join [by keys] stages [until stage]</c>.</summary>
    private JoinQuery ParseJoin()
    {
        var start = StartOfCurrent;
        Take();
        var keys = At(TokenKind.By) ? ParseJoinKeys() : ValueList<Expression>.Empty;
        var stages = ParseStages("join", allowMissing: false, allowRuns: false);
        QueryStage? until = null;
        if (!failed && At(TokenKind.Until))
        {
            until = ParseUntil("join");
            CheckJoinKeyCount(stages, until);
        }
        return new JoinQuery(SpanFrom(start), keys, stages, until);
    }

    private QueryStage ParseUntil(string owner)
    {
        Take();
        if (At(TokenKind.MissingOpen))
        {
            Error(Current.Span, "the 'until' stage cannot be a missing event");
        }
        else if (!At(TokenKind.LeftBracket))
        {
            ErrorAtCurrent("expected '[' to start the 'until' stage");
        }
        return ParseStage(owner, allowMissing: false, allowRuns: false);
    }

    private ValueList<QueryStage> ParseStages(string owner, bool allowMissing, bool allowRuns)
    {
        var stages = ImmutableArray.CreateBuilder<QueryStage>();
        // A stage repeated with runs=N counts N times: "sequence [a] with runs=3" is a sequence of three.
        var effectiveCount = 0L;
        while (!failed && (At(TokenKind.LeftBracket) || At(TokenKind.MissingOpen)))
        {
            var stage = ParseStage(owner, allowMissing, allowRuns);
            stages.Add(stage);
            effectiveCount += stage.Runs ?? 1;
        }
        CheckJoinKeyCounts(stages);
        if (!failed && effectiveCount < 2)
        {
            ErrorAtCurrent(stages.Count == 0
                ? $"expected '[' to start the first {owner} stage"
                : $"expected '[' to start the second {owner} stage (a {owner} needs at least two)");
        }
        return new ValueList<QueryStage>(stages.ToImmutable());
    }

    /// <summary><c>[query] [by keys] [with runs=N]</c> or a missing event <c>![query] [by keys]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private QueryStage ParseStage(string owner, bool allowMissing, bool allowRuns)
    {
        var start = StartOfCurrent;
        var isMissing = At(TokenKind.MissingOpen);
        if (isMissing && !allowMissing)
        {
            Error(Current.Span, $"missing events ('![...]') are only allowed in a sequence, not in a {owner}");
        }
        Take();
        var query = ParseEventQuery();
        Expect(TokenKind.RightBracket, $"to close the {owner} stage opened at {start}");
        var fork = false;
        if (!failed && At(TokenKind.Identifier) && Current.Text(text).SequenceEqual("fork"))
        {
            if (!options.EndgameSyntax || owner != "sequence")
            {
                Error(Current.Span, "sequence 'fork' is only part of the Endgame dialect (--dialect endgame), on sequence stages");
            }
            else
            {
                // fork, fork=true or fork=false: the stage's partial sequence is copied on, not moved (Python engine).
                Take();
                fork = true;
                if (Accept(TokenKind.Assign) || Accept(TokenKind.Equal))
                {
                    if (At(TokenKind.True) || At(TokenKind.False))
                    {
                        fork = Take().Kind == TokenKind.True;
                    }
                    else
                    {
                        ErrorAtCurrent("expected true or false after 'fork='");
                    }
                }
            }
        }
        var keys = ValueList<Expression>.Empty;
        int? runs = null;
        while (!failed)
        {
            if (At(TokenKind.By) && keys.Count == 0)
            {
                keys = ParseJoinKeys();
            }
            else if (At(TokenKind.With) && runs is null)
            {
                if (!allowRuns)
                {
                    Error(Current.Span, $"'with runs=N' is only allowed on sequence stages, not in a {owner}");
                    break;
                }
                if (options.EndgameSyntax)
                {
                    // The Python engine takes runs only in its elasticsearch syntax (eql/parser.py allow_runs).
                    Error(Current.Span, "'with runs=N' is Elasticsearch EQL; the Endgame dialect repeats a stage by writing it again");
                    break;
                }
                runs = ParseRuns();
            }
            else
            {
                break;
            }
        }
        return new QueryStage(SpanFrom(start), query, keys, runs, isMissing) { IsFork = fork };
    }

    /// <summary>Every stage must name the same number of its own join keys, as Elasticsearch requires.</summary>
    private void CheckJoinKeyCounts(ImmutableArray<QueryStage>.Builder stages)
    {
        for (var i = 1; i < stages.Count && !failed; i++)
        {
            CheckJoinKeyCount(stages[0], stages[i]);
        }
    }

    private void CheckJoinKeyCount(ValueList<QueryStage> stages, QueryStage stage)
    {
        if (stages.Count > 0)
        {
            CheckJoinKeyCount(stages[0], stage);
        }
    }

    private void CheckJoinKeyCount(QueryStage first, QueryStage stage)
    {
        if (failed || first.JoinKeys.Count == stage.JoinKeys.Count)
        {
            return;
        }
        var place = stage.JoinKeys.Count > 0
            ? SourceSpan.Cover(stage.JoinKeys[0].Span, stage.JoinKeys[^1].Span)
            : stage.Span;
        Error(place, $"inconsistent number of join keys: the first stage has {first.JoinKeys.Count}, this one has {stage.JoinKeys.Count}");
    }

    private int? ParseRuns()
    {
        Take();
        var key = Current;
        if (key.Kind != TokenKind.Identifier || !key.Text(text).SequenceEqual("runs"))
        {
            ErrorAtCurrent(key.Kind == TokenKind.Maxspan
                ? "expected 'runs' after a stage's 'with' (maxspan belongs right after 'sequence')"
                : "expected 'runs' after a stage's 'with'");
            return null;
        }
        Take();
        if (!Expect(TokenKind.Assign, "after 'runs'"))
        {
            return null;
        }
        var number = Current;
        if (number.Kind != TokenKind.Integer)
        {
            ErrorAtCurrent("expected a whole number of runs after 'runs='");
            return null;
        }
        Take();
        if (!int.TryParse(number.Text(text), out var runs) || runs <= 0)
        {
            Error(number.Span, $"runs must be a positive whole number, found {number.Text(text)}");
            return null;
        }
        return runs;
    }

    /// <summary><c>with maxspan=N unit</c>; Elasticsearch requires a whole, positive amount and a unit.</summary>
    private TimeSpanLiteral? ParseMaxSpan()
    {
        Take();
        if (!At(TokenKind.Maxspan))
        {
            ErrorAtCurrent(Current.Kind == TokenKind.Identifier && Current.Text(text).SequenceEqual("runs")
                ? "expected 'maxspan' after the sequence's 'with' ('with runs' goes after a stage)"
                : "expected 'maxspan' after the sequence's 'with'");
            return null;
        }
        var start = StartOfCurrent;
        Take();
        if (!Expect(TokenKind.Assign, "after 'maxspan'"))
        {
            return null;
        }
        var number = Current;
        if (number.Kind == TokenKind.Decimal)
        {
            Error(number.Span, $"maxspan must be a whole number, found {number.Text(text)}");
            return null;
        }
        if (number.Kind != TokenKind.Integer)
        {
            ErrorAtCurrent("expected a time span such as 5s after 'maxspan='");
            return null;
        }
        Take();
        if (!long.TryParse(number.Text(text), out var amount))
        {
            Error(number.Span, $"maxspan {number.Text(text)} is too large");
            return null;
        }
        if (amount <= 0)
        {
            Error(number.Span, $"maxspan must be positive, found {amount}");
            return null;
        }
        if (!At(TokenKind.Identifier))
        {
            Error(number.Span, $"maxspan needs a time unit (ms, s, m, h or d), as in maxspan={amount}s");
            return null;
        }
        var unitToken = Take();
        var unit = TextOf(unitToken);
        if (Array.IndexOf(TimeUnits, unit) < 0)
        {
            Error(unitToken.Span, $"unknown time unit '{unit}' in maxspan; use ms, s, m, h or d");
            return null;
        }
        var literal = new TimeSpanLiteral(SpanFrom(start), amount, unit);
        if (literal.Milliseconds is not { } milliseconds || milliseconds / MillisecondsPer(unit) != amount)
        {
            Error(literal.Span, $"maxspan {amount}{unit} is too large");
            return null;
        }
        return literal;
    }

    private static long MillisecondsPer(string unit) => unit switch
    {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => 86_400_000,
    };

    private ValueList<Expression> ParseJoinKeys()
    {
        Take();
        return ParseExpressionList();
    }

    /// <summary>One or more comma-separated expressions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ValueList<Expression> ParseExpressionList()
    {
        var items = ImmutableArray.CreateBuilder<Expression>();
        items.Add(ParseExpression());
        while (!failed && Accept(TokenKind.Comma))
        {
            items.Add(ParseExpression());
        }
        return new ValueList<Expression>(items.ToImmutable());
    }

    /// <summary><c>| name [arguments]</c>.</summary>
    private Pipe ParsePipe()
    {
        var start = StartOfCurrent;
        Take();
        var nameToken = Current;
        if (nameToken.Kind == TokenKind.Pipe && nameToken.Offset == tokens[position - 1].Span.End.Offset)
        {
            Error(SourceSpan.Cover(tokens[position - 1].Span, nameToken.Span), "'||' is not an operator; use 'or'");
            return new Pipe(SpanFrom(start), PipeKind.Head, ValueList<Expression>.Empty);
        }
        if (nameToken.Kind != TokenKind.Identifier)
        {
            ErrorAtCurrent("expected a pipe name (head, tail, count, unique, unique_count, filter, sort) after '|'");
            return new Pipe(SpanFrom(start), PipeKind.Head, ValueList<Expression>.Empty);
        }
        Take();
        PipeKind? kind = nameToken.Text(text) switch
        {
            "head" => PipeKind.Head,
            "tail" => PipeKind.Tail,
            "count" => PipeKind.Count,
            "unique" => PipeKind.Unique,
            "unique_count" => PipeKind.UniqueCount,
            "filter" => PipeKind.Filter,
            "sort" => PipeKind.Sort,
            _ => null,
        };
        if (kind is null)
        {
            Error(nameToken.Span,
                $"unknown pipe '{TextOf(nameToken)}' (known pipes: head, tail, count, unique, unique_count, filter, sort)");
            return new Pipe(SpanFrom(start), PipeKind.Head, ValueList<Expression>.Empty);
        }
        var arguments = ParsePipeArguments();
        var pipe = new Pipe(SpanFrom(start), kind.Value, arguments);
        if (!failed)
        {
            CheckPipeArguments(pipe, TextOf(nameToken));
        }
        return pipe;
    }

    /// <summary>
    /// Pipe arguments: comma-separated as in Elasticsearch, or separated by spaces as the Endgame pipes were
    /// written (<c>| unique a b</c>); both give the same list.
    /// </summary>
    private ValueList<Expression> ParsePipeArguments()
    {
        if (!CanStartExpression(Current.Kind))
        {
            return ValueList<Expression>.Empty;
        }
        var items = ImmutableArray.CreateBuilder<Expression>();
        do
        {
            items.Add(ParseExpression());
        }
        while (!failed && (Accept(TokenKind.Comma) || CanStartExpression(Current.Kind)));
        return new ValueList<Expression>(items.ToImmutable());
    }

    private static bool CanStartExpression(TokenKind kind) => kind is TokenKind.Identifier or TokenKind.QuotedIdentifier
        or TokenKind.TildeIdentifier or TokenKind.String or TokenKind.RawString or TokenKind.SingleQuotedString
        or TokenKind.QuestionRawString or TokenKind.Integer or TokenKind.Decimal or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Not
        or TokenKind.Minus or TokenKind.Plus or TokenKind.LeftParen or TokenKind.Question or TokenKind.Dollar;

    private void CheckPipeArguments(Pipe pipe, string name)
    {
        var count = pipe.Arguments.Count;
        switch (pipe.Kind)
        {
            case PipeKind.Head or PipeKind.Tail:
                if (count != 1)
                {
                    Error(pipe.Span, $"'| {name}' needs exactly one argument, a whole number of results, found {count}");
                }
                else if (pipe.Arguments[0] is not IntegerLiteral { Value: >= 0 })
                {
                    Error(pipe.Arguments[0].Span,
                        $"'| {name}' needs a whole number of results (0 or more), found {EqlPrinter.Print(pipe.Arguments[0])}");
                }
                break;
            case PipeKind.Filter:
                if (count != 1)
                {
                    Error(pipe.Span, $"'| filter' needs exactly one condition, found {count}");
                }
                break;
            case PipeKind.Unique or PipeKind.UniqueCount or PipeKind.Sort:
                if (count == 0)
                {
                    Error(pipe.Span, $"'| {name}' needs at least one field");
                }
                break;
        }
        if (options.EndgameSyntax && pipe.Kind is PipeKind.Count or PipeKind.Unique or PipeKind.UniqueCount or PipeKind.Sort)
        {
            foreach (var argument in pipe.Arguments)
            {
                if (!SyntaxFieldReads.ReadsAField(argument))
                {
                    Error(argument.Span, $"'| {name}' keys must read the results (a field, or an expression of fields), found the constant {EqlPrinter.Print(argument)}");
                    break;
                }
            }
        }
    }
}
