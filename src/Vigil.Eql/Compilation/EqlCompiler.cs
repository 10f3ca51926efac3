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
                    var compiled = CompileStage(compiler, fields, stage.Query, Keys(sequence.JoinKeys, stage.JoinKeys), stage.IsMissing, categorySlot, options);
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
                    maxSpan = (span.Milliseconds ?? throw new EqlCompileException($"unknown time unit '{span.Unit}'", span.Span)) * 1_000_000;
                }
                break;
            case SampleQuery sample:
                shape = QueryShape.Sample;
                foreach (var stage in sample.Stages)
                {
                    stages.Add(CompileStage(compiler, fields, stage.Query, Keys(sample.JoinKeys, stage.JoinKeys), false, categorySlot, options));
                }
                break;
            default:
                throw new EqlCompileException("join queries (Endgame dialect) are not supported by the runtime", statement.Query.Span);
        }

        var limits = new List<ResultLimit>();
        foreach (var pipe in statement.Pipes)
        {
            if (pipe.Kind is not (PipeKind.Head or PipeKind.Tail))
            {
                throw new EqlCompileException($"the '{pipe.Kind.ToString().ToLowerInvariant()}' pipe is not supported by the runtime", pipe.Span);
            }
            var count = pipe.Arguments.Count == 0 ? 10
                : pipe.Arguments[0] is IntegerLiteral { Value: >= 0 and <= int.MaxValue } n ? (int)n.Value
                : throw new EqlCompileException("head/tail need a non-negative integer", pipe.Span);
            limits.Add(new ResultLimit(count, pipe.Kind == PipeKind.Tail));
        }

        var layout = new FieldLayout(fields.Paths);
        return new CompiledQuery(shape, layout, timestampSlot, tiebreakerSlot, tiebreakerCoercion, stages, until, maxSpan, limits);
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
                keys.Add(new CompiledKey(field.Path, fields.SlotOf(field.Path), fields.CoercionOf(field.Path), evaluator, field.IsOptional));
            }
            else
            {
                keys.Add(new CompiledKey(text, -1, FieldCoercion.None, evaluator, IsOptional: true));
            }
        }
        return new CompiledStage(category, matches, keys, isMissing);
    }

    private static bool HasCategory(EventFrame frame, int slot, byte[] category, bool ignoreCase)
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
