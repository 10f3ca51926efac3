using Vigil.Events.Projection;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Compilation;

/// <summary>Compiles a parsed EQL statement once into an executable <see cref="CompiledQuery"/>.</summary>
public static class EqlCompiler
{
    /// <summary>Compiles; throws <see cref="EqlCompileException"/> for what the runtime cannot execute.</summary>
    public static CompiledQuery Compile(EqlStatement statement, CompileOptions? options = null) =>
        Compile(statement, options, sharedSlots: null);

    /// <summary>
    /// Compiles with slot numbers taken from <paramref name="sharedSlots"/> (when given), so that several queries
    /// can be evaluated on one frame whose layout is <see cref="FieldSlots.Paths"/> after the last compile. The
    /// query's own <see cref="CompiledQuery.Layout"/> is the shared numbering as it stood after this compile.
    /// </summary>
    public static CompiledQuery Compile(EqlStatement statement, CompileOptions? options, FieldSlots? sharedSlots)
    {
        ArgumentNullException.ThrowIfNull(statement);
        options ??= CompileOptions.Default;
        var fields = new FieldRegistry(options, sharedSlots);
        var compiler = new ExpressionCompiler(fields, options);
        var timestampSlot = fields.SlotOf(options.TimestampField);
        var tiebreakerSlot = options.TiebreakerField is { } tiebreaker ? fields.SlotOf(tiebreaker) : -1;
        var tiebreakerCoercion = options.TiebreakerField is { } t ? fields.CoercionOf(t) : FieldCoercion.None;
        var categorySlot = fields.SlotOf(options.EventCategoryField);

        QueryShape shape;
        var stages = new List<CompiledStage>();
        CompiledStage? until = null;
        long maxSpan = 0;
        switch (statement.Query)
        {
            case EventQuery eventQuery:
                shape = QueryShape.Event;
                stages.Add(CompileStage(compiler, fields, eventQuery, [], isMissing: false, categorySlot, options));
                break;
            case SequenceQuery sequence:
                shape = QueryShape.Sequence;
                foreach (var stage in sequence.Stages)
                {
                    var compiled = CompileStage(compiler, fields, stage.Query, Keys(sequence.JoinKeys, stage.JoinKeys), stage.IsMissing, categorySlot, options)
                        with { IsFork = stage.IsFork };
                    var runs = stage.Runs ?? 1;
                    for (var i = 0; i < runs; i++)
                    {
                        stages.Add(compiled);
                    }
                }
                if (sequence.Until is { } untilStage)
                {
                    until = CompileStage(compiler, fields, untilStage.Query, Keys(sequence.JoinKeys, untilStage.JoinKeys), false, categorySlot, options);
                }
                if (sequence.MaxSpan is { } span)
                {
                    var milliseconds = span.Milliseconds ?? throw new EqlCompileException($"unknown time unit '{span.Unit}'", span.Span);
                    if (options.EndgameDialect)
                    {
                        // The Python engine counts a maxspan in whole seconds (eql/walkers.py convert_time_range floors
                        // the milliseconds by 1000): 1500ms is 1s, and 500ms is 0, which keeps only sequences whose
                        // events share one time (1 ns here, as 0 means no maxspan).
                        milliseconds = milliseconds / 1000 * 1000;
                    }
                    maxSpan = milliseconds == 0 && options.EndgameDialect ? 1 : milliseconds * 1_000_000;
                }
                break;
            case SampleQuery sample:
                shape = QueryShape.Sample;
                foreach (var stage in sample.Stages)
                {
                    stages.Add(CompileStage(compiler, fields, stage.Query, Keys(sample.JoinKeys, stage.JoinKeys), false, categorySlot, options));
                }
                break;
            case JoinQuery join when options.EndgameDialect:
                shape = QueryShape.Join;
                foreach (var stage in join.Stages)
                {
                    stages.Add(CompileStage(compiler, fields, stage.Query, Keys(join.JoinKeys, stage.JoinKeys), false, categorySlot, options));
                }
                if (join.Until is { } joinUntil)
                {
                    until = CompileStage(compiler, fields, joinUntil.Query, Keys(join.JoinKeys, joinUntil.JoinKeys), false, categorySlot, options);
                }
                break;
            default:
                throw new EqlCompileException("join queries are part of the Endgame dialect (--dialect endgame)", statement.Query.Span);
        }

        var limits = new List<ResultLimit>();
        EndgamePipeline? pipeline = options.EndgameDialect && statement.Pipes.Count > 0 ? CompilePipes(statement.Pipes, options) : null;
        foreach (var pipe in pipeline is null ? statement.Pipes : [])
        {
            if (pipe.Kind is not (PipeKind.Head or PipeKind.Tail))
            {
                throw new EqlCompileException($"the '{PipeName(pipe.Kind)}' pipe is part of the Endgame dialect (--dialect endgame)", pipe.Span);
            }
            var count = pipe.Arguments.Count == 0 ? 10
                : pipe.Arguments[0] is IntegerLiteral { Value: >= 0 and <= int.MaxValue } n ? (int)n.Value
                : throw new EqlCompileException("head/tail need a non-negative integer", pipe.Span);
            limits.Add(new ResultLimit(count, pipe.Kind == PipeKind.Tail));
        }

        var layout = new FieldLayout(fields.Paths);
        return new CompiledQuery(shape, layout, timestampSlot, tiebreakerSlot, tiebreakerCoercion, stages, until, maxSpan, limits)
        {
            Pipeline = pipeline,
            LineageSteps = compiler.LineageSteps.ToArray(),
            FoldKeyCase = options.EndgameDialect && options.CaseInsensitiveEquality,
        };
    }

    private static string PipeName(PipeKind kind) => kind == PipeKind.UniqueCount ? "unique_count" : kind.ToString().ToLowerInvariant();

    // The Endgame pipes read results, not input events: their fields get a frame (and slot numbering) of their own.
    private static EndgamePipeline CompilePipes(IReadOnlyList<Pipe> pipes, CompileOptions options)
    {
        var fields = new FieldRegistry(options with { FieldTypes = null, FieldAliases = options.FieldAliases });
        var compiler = new ExpressionCompiler(fields, options);
        var compiled = new List<CompiledPipe>();
        foreach (var pipe in pipes)
        {
            switch (pipe.Kind)
            {
                case PipeKind.Head:
                case PipeKind.Tail:
                    var count = pipe.Arguments.Count == 0 ? 10
                        : pipe.Arguments[0] is IntegerLiteral { Value: >= 0 and <= int.MaxValue } n ? (int)n.Value
                        : throw new EqlCompileException("head/tail need a non-negative integer", pipe.Span);
                    compiled.Add(new CompiledPipe(pipe.Kind, count, [], null, pipe.Span));
                    break;
                case PipeKind.Filter:
                    if (pipe.Arguments.Count != 1)
                    {
                        throw new EqlCompileException("filter takes one condition", pipe.Span);
                    }
                    compiled.Add(new CompiledPipe(pipe.Kind, 0, [], compiler.CompileTruth(pipe.Arguments[0]), pipe.Span));
                    break;
                default:
                    if (pipe.Arguments.Count == 0 && pipe.Kind is PipeKind.Unique or PipeKind.UniqueCount or PipeKind.Sort)
                    {
                        throw new EqlCompileException($"{PipeName(pipe.Kind)} needs at least one field or expression", pipe.Span);
                    }
                    var expressions = pipe.Arguments.Select(argument => compiler.CompileValue(argument, [])).ToArray();
                    compiled.Add(new CompiledPipe(pipe.Kind, 0, expressions, null, pipe.Span));
                    break;
            }
        }
        if (compiler.LineageSteps.Count > 0)
        {
            throw new EqlCompileException("lineage (child of, descendant of, event of) cannot be used in a pipe", pipes[0].Span);
        }
        return new EndgamePipeline(new FieldLayout(fields.Paths), compiled, options.CaseInsensitiveEquality, "hostname");
    }

    private static List<Expression> Keys(ValueList<Expression> top, ValueList<Expression> stage)
    {
        var keys = new List<Expression>(top.Count + stage.Count);
        keys.AddRange(top);
        keys.AddRange(stage);
        return keys;
    }

    private static CompiledStage CompileStage(
        ExpressionCompiler compiler, FieldRegistry fields, EventQuery query, List<Expression> keyExpressions, bool isMissing,
        int categorySlot, CompileOptions options)
    {
        var condition = compiler.CompileTruth(query.Condition);
        var category = query.Category;
        Func<EvalContext, bool> matches;
        if (category is null)
        {
            matches = condition;
        }
        else
        {
            var categoryBytes = System.Text.Encoding.UTF8.GetBytes(category);
            var ignoreCase = options.CaseInsensitiveEquality;
            matches = context => HasCategory(context.Frame, categorySlot, categoryBytes, ignoreCase) && condition(context);
        }
        var keys = new List<CompiledKey>();
        foreach (var key in keyExpressions)
        {
            var slots = new List<int>();
            var evaluator = compiler.CompileValue(key, slots);
            var text = key is FieldReference f ? f.Path : key.ToString();
            if (key is FieldReference field)
            {
                // Endgame: a missing key is a key of its own (null), as in the Python engine's dictionaries.
                keys.Add(new CompiledKey(field.Path, fields.SlotOf(field.Path), fields.CoercionOf(field.Path), evaluator, field.IsOptional || options.EndgameDialect)
                {
                    FoldCase = options.EndgameDialect && options.CaseInsensitiveEquality,
                });
            }
            else
            {
                keys.Add(new CompiledKey(text, -1, FieldCoercion.None, evaluator, IsOptional: true)
                {
                    FoldCase = options.EndgameDialect && options.CaseInsensitiveEquality,
                });
            }
        }
        return new CompiledStage(category, matches, keys, isMissing);
    }

    internal static bool HasCategory(EventFrame frame, int slot, byte[] category, bool ignoreCase)
    {
        var count = frame.CountOf(slot);
        for (var i = 0; i < count; i++)
        {
            var value = frame.ValueOf(slot, i);
            if (value.Kind != FieldValueKind.String)
            {
                continue;
            }
            var bytes = frame.Utf8Of(value);
            if (bytes.SequenceEqual(category) || (ignoreCase && Utf8Text.EqualsIgnoreCase(bytes, category)))
            {
                return true;
            }
        }
        return false;
    }
}
