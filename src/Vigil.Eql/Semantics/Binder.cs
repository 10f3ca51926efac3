using System.Net;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Semantics;

/// <summary>
/// Resolves fields against a <see cref="Schema"/>, functions against the built-in table, and checks types and
/// query structure the way Elasticsearch's EQL parser and verifier do, collecting diagnostics instead of throwing.
/// A sub-expression that failed is typed <see cref="FieldType.Unknown"/> so one mistake gives one error.
/// </summary>
internal sealed partial class Binder
{
    private const int MaxRuns = 100;

    private readonly Schema schema;
    private readonly EqlAnalyzerOptions options;
    private readonly ExpressionText text;
    private readonly List<Diagnostic> diagnostics = [];
    private readonly Dictionary<FieldReference, FieldType> fieldTypes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<FunctionCall, EqlFunction> functions = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expression, FieldType> expressionTypes = new(ReferenceEqualityComparer.Instance);

    public Binder(Schema schema, EqlAnalyzerOptions options, string? sourceText)
    {
        this.schema = schema;
        this.options = options;
        text = new ExpressionText(sourceText);
    }

    public List<Diagnostic> Diagnostics => diagnostics;

    public Dictionary<FieldReference, FieldType> BoundFields => fieldTypes;

    public Dictionary<FunctionCall, EqlFunction> BoundFunctions => functions;

    public Dictionary<Expression, FieldType> BoundExpressions => expressionTypes;

    private bool IsEndgame => options.Dialect == EqlDialect.Endgame;

    public void BindStatement(EqlStatement statement)
    {
        switch (statement.Query)
        {
            case EventQuery query:
                BindEventQuery(query);
                break;
            case SequenceQuery sequence:
                BindSequence(sequence);
                break;
            case SampleQuery sample:
                BindSample(sample);
                break;
            case JoinQuery join:
                BindJoin(join);
                break;
        }
        foreach (var pipe in statement.Pipes)
        {
            BindPipe(pipe);
        }
    }

    // ---- queries -------------------------------------------------------------------------------------------

    private void BindEventQuery(EventQuery query)
    {
        var type = Bind(query.Condition);
        if (type != FieldType.Boolean && type != FieldType.Unknown)
        {
            Error(query.Condition, $"Condition expression needs to be boolean, found [{FieldTypes.UpperName(type)}]");
        }
    }

    private void BindSequence(SequenceQuery sequence)
    {
        if (sequence.MaxSpan is { } maxSpan)
        {
            CheckMaxSpan(maxSpan);
        }
        // A stage "with runs=N" stands for N queries, so "[a] with runs=2" alone is a valid sequence.
        var queries = 0;
        foreach (var stage in sequence.Stages)
        {
            queries += stage.Runs is > 0 and <= MaxRuns ? stage.Runs.Value : 1;
        }
        if (queries < 2)
        {
            Error(sequence, $"A sequence requires a minimum of 2 queries, found [{queries}]");
        }

        var missing = 0;
        foreach (var stage in sequence.Stages)
        {
            if (stage.IsMissing)
            {
                missing++;
            }
        }
        if (sequence.Stages.Count > 0 && missing == sequence.Stages.Count)
        {
            Error(sequence, "A sequence requires at least one positive event query; found none");
        }
        else if (missing > 0 && sequence.MaxSpan is null && !IsEndgame)
        {
            Error(sequence, "A sequence with missing event queries ![...] requires [maxspan]; found none");
        }
        if (sequence.Until is { IsMissing: true } missingUntil)
        {
            Error(missingUntil, "The [until] query cannot be a missing event query");
        }

        BindStagesWithKeys("Sequence", sequence.JoinKeys, sequence.Stages, sequence.Until, allowRuns: true);
    }

    private void BindSample(SampleQuery sample)
    {
        if (sample.Stages.Count < 2)
        {
            Error(sample, $"A sample requires a minimum of 2 queries, found [{sample.Stages.Count}]");
        }
        foreach (var stage in sample.Stages)
        {
            if (stage.IsMissing)
            {
                Error(stage, "Missing event queries ![...] are not supported in a sample");
            }
        }
        BindStagesWithKeys("Sample", sample.JoinKeys, sample.Stages, until: null, allowRuns: false);
    }

    private void BindJoin(JoinQuery join)
    {
        if (!IsEndgame)
        {
            Error(join, "Join is not supported (an Endgame EQL construct); use a sequence instead");
        }
        BindStagesWithKeys("Join", join.JoinKeys, join.Stages, join.Until, allowRuns: false);
    }

    private void BindStagesWithKeys(
        string kind, ValueList<Expression> sharedKeys, ValueList<QueryStage> stages, QueryStage? until, bool allowRuns)
    {
        var sharedTypes = new List<FieldType>(sharedKeys.Count);
        foreach (var key in sharedKeys)
        {
            sharedTypes.Add(BindJoinKey(key));
        }

        var all = new List<QueryStage>(stages);
        if (until is not null)
        {
            all.Add(until);
        }

        QueryStage? first = null;
        List<FieldType>? firstTypes = null;
        foreach (var stage in all)
        {
            BindEventQuery(stage.Query);
            var keyTypes = new List<FieldType>(stage.JoinKeys.Count);
            foreach (var key in stage.JoinKeys)
            {
                keyTypes.Add(BindJoinKey(key));
            }

            if (stage.Runs is { } runs)
            {
                if (!allowRuns && !IsEndgame)
                {
                    Error(stage, $"[runs] is not supported in a {kind.ToLowerInvariant()}");
                }
                else if (runs <= 0)
                {
                    Error(stage, $"A positive runs value is required; found [{runs}]");
                }
                else if (runs > MaxRuns)
                {
                    Error(stage, $"A query cannot be repeated more than {MaxRuns} times; found [{runs}]");
                }
            }

            if (first is null)
            {
                first = stage;
                firstTypes = keyTypes;
                continue;
            }
            if (stage.JoinKeys.Count != first.JoinKeys.Count)
            {
                SyntaxNode at = stage.JoinKeys.Count > 0 ? stage.JoinKeys[0] : stage;
                Error(at, $"Inconsistent number of join keys specified; expected [{first.JoinKeys.Count}] but found [{stage.JoinKeys.Count}]");
                continue;
            }
            if (kind == "Sample")
            {
                continue;
            }
            for (var k = 0; k < keyTypes.Count; k++)
            {
                var expected = firstTypes![k];
                var actual = keyTypes[k];
                if (!FieldTypes.AreCompatible(expected, actual))
                {
                    Error(stage.JoinKeys[k], $"{kind} key [{text.Of(stage.JoinKeys[k])}] type [{FieldTypes.MappingName(actual)}] " +
                        $"is incompatible with key [{text.Of(first.JoinKeys[k])}] type [{FieldTypes.MappingName(expected)}]");
                }
            }
        }
    }

    private FieldType BindJoinKey(Expression key)
    {
        var type = Bind(key);
        if (key is not FieldReference && !IsEndgame) // the Python engine keys on any expression (by string(pid), by 'system')
        {
            Error(key, $"Unsupported join key [{text.Of(key)}]: join keys must be fields");
            return FieldType.Unknown;
        }
        return type;
    }

    private void CheckMaxSpan(TimeSpanLiteral maxSpan)
    {
        if (maxSpan.Amount <= 0)
        {
            Error(maxSpan, $"A positive maxspan value is required; found [{maxSpan.Amount}]");
        }
        else if (maxSpan.Unit.Length == 0)
        {
            if (!IsEndgame)
            {
                Error(maxSpan, $"No time unit specified, did you mean [s] as in [{maxSpan.Amount}s]?");
            }
        }
        else if (maxSpan.Milliseconds is null)
        {
            Error(maxSpan, $"Unrecognized time unit [{maxSpan.Unit}] in [{maxSpan.Amount}{maxSpan.Unit}], please specify one of [ms, s, m, h, d]");
        }
    }

    private void BindPipe(Pipe pipe)
    {
        var name = PipeName(pipe.Kind);
        if (pipe.Kind is PipeKind.Head or PipeKind.Tail)
        {
            if (pipe.Arguments.Count != 1)
            {
                Error(pipe, $"Pipe [{name}] expects exactly one argument but found [{pipe.Arguments.Count}]");
                return;
            }
            var argument = pipe.Arguments[0];
            Bind(argument);
            if (FoldInteger(argument) is not { } count || count < 0)
            {
                Error(argument, $"Pipe [{name}] expects a positive integer but found [{text.Of(argument)}]");
            }
            return;
        }
        if (!IsEndgame)
        {
            Error(pipe, $"Pipe [{name}] is not supported (an Endgame EQL pipe); Elasticsearch supports only [head] and [tail]");
            return;
        }
        foreach (var argument in pipe.Arguments)
        {
            Bind(argument);
        }
    }

    private static string PipeName(PipeKind kind) => kind switch
    {
        PipeKind.Head => "head",
        PipeKind.Tail => "tail",
        PipeKind.Count => "count",
        PipeKind.Unique => "unique",
        PipeKind.UniqueCount => "unique_count",
        PipeKind.Filter => "filter",
        _ => "sort",
    };

    // ---- expressions ---------------------------------------------------------------------------------------

    private FieldType Bind(Expression expression)
    {
        var type = expression switch
        {
            StringLiteral => FieldType.Keyword,
            IntegerLiteral i => i.Value is >= int.MinValue and <= int.MaxValue ? FieldType.Integer : FieldType.Long,
            DecimalLiteral => FieldType.Double,
            BooleanLiteral => FieldType.Boolean,
            NullLiteral => FieldType.Null,
            FieldReference field => BindField(field),
            NotExpression not => BindNot(not),
            NegateExpression negate => BindNegate(negate),
            LogicalExpression logical => BindLogical(logical),
            ComparisonExpression comparison => BindComparison(comparison),
            ArithmeticExpression arithmetic => BindArithmetic(arithmetic),
            InExpression inExpression => BindIn(inExpression),
            PatternExpression pattern => BindPattern(pattern),
            FunctionCall call => BindFunction(call),
            LineageExpression lineage => BindLineage(lineage),
            _ => FieldType.Unknown,
        };
        expressionTypes[expression] = type;
        return type;
    }

    private FieldType BindField(FieldReference field)
    {
        if (IsEndgame && BindEndgameField(field) is { } endgameType)
        {
            return endgameType;
        }
        if (!schema.TryGetFieldType(IsEndgame ? WithoutIndexes(field.Path) : field.Path, out var type))
        {
            // ?field: an unmapped optional field is null at run time, by design, so it is not worth a word.
            if (!field.IsOptional)
            {
                var message = $"Unknown field [{field.Path}]" +
                    SimilarNames.Suffix(SimilarNames.Find(field.Path, FieldNames(field.Path), 3));
                if (options.UnknownFieldsAreErrors)
                {
                    Error(field, message);
                }
                else
                {
                    Warning(field, message);
                }
            }
            fieldTypes[field] = FieldType.Unknown;
            return FieldType.Unknown;
        }

        fieldTypes[field] = type;
        if (schema.TryGetNestedAncestor(field.Path, out var nested))
        {
            Error(field, $"Cannot use field [{field.Path}] type [{FieldTypes.TypeName(type)}] with unsupported nested type in hierarchy (field [{nested}])");
            return FieldType.Unknown;
        }
        if (type == FieldType.Nested)
        {
            Error(field, $"Cannot use field [{field.Path}] type [nested] due to nested fields not being supported yet");
            return FieldType.Unknown;
        }
        if (type == FieldType.Object && !IsEndgame)
        {
            Error(field, $"Cannot use field [{field.Path}] type [object] only its subfields");
            return FieldType.Unknown;
        }
        if (!FieldTypes.IsUsable(type))
        {
            Error(field, $"Cannot use field [{field.Path}] with unsupported type [{FieldTypes.MappingName(type)}]");
            return FieldType.Unknown;
        }
        return type;
    }

    // Suggestions come from fields sharing the first or the last path segment: a schema holds thousands of fields
    // and comparing each unknown field with all of them is too slow for rule sets that use many integrations.
    private IEnumerable<string> FieldNames(string path)
    {
        var firstDot = path.IndexOf('.');
        var first = firstDot < 0 ? path : path[..firstDot];
        var last = path[(path.LastIndexOf('.') + 1)..];
        var depth = path.Count(c => c == '.');
        foreach (var (candidate, _) in schema.Fields)
        {
            if (candidate.StartsWith(first, StringComparison.Ordinal) || candidate.EndsWith(last, StringComparison.Ordinal)
                || (depth <= 1 && candidate.Count(c => c == '.') == depth))
            {
                yield return candidate;
            }
        }
    }

    private FieldType BindNot(NotExpression not)
    {
        var operand = Bind(not.Operand);
        CheckType(operand, IsBooleanOrNull, "boolean", not, not.Operand, Ordinal.None);
        return FieldType.Boolean;
    }

    private FieldType BindNegate(NegateExpression negate)
    {
        var operand = Bind(negate.Operand);
        return CheckType(operand, FieldTypes.IsNumeric, "numeric", negate, negate.Operand, Ordinal.None) ? operand : FieldType.Unknown;
    }

    private FieldType BindLogical(LogicalExpression logical)
    {
        var left = Bind(logical.Left);
        var right = Bind(logical.Right);
        if (CheckType(left, IsBooleanOrNull, "boolean", logical, logical.Left, Ordinal.First))
        {
            CheckType(right, IsBooleanOrNull, "boolean", logical, logical.Right, Ordinal.Second);
        }
        return FieldType.Boolean;
    }

    private FieldType BindComparison(ComparisonExpression comparison)
    {
        var left = Bind(comparison.Left);
        var right = Bind(comparison.Right);
        if (!CheckExact(left, comparison, comparison.Left, Ordinal.First)
            || !CheckExact(right, comparison, comparison.Right, Ordinal.Second))
        {
            return FieldType.Boolean;
        }
        // Elasticsearch translates a comparison into a query on the field with a constant; two fields cannot be
        // compared (a function on one side is evaluated by a script instead, so that is fine).
        if (!IsEndgame && comparison.Left is FieldReference && comparison.Right is FieldReference rightField
            && left != FieldType.Unknown && right != FieldType.Unknown)
        {
            Error(rightField, $"Comparisons against fields are not (currently) supported; offender [{text.Of(rightField)}] in [{ExpressionText.Symbol(comparison.Operator)}]");
        }
        WarnMismatchedComparison(comparison, left, right);
        return FieldType.Boolean;
    }

    /// <summary>
    /// <c>process.name == 5</c>: Elasticsearch's verifier accepts comparisons between any two types (its
    /// VerifierTests accept <c>serial_event_id == "abcdef"</c>, <c>boolean_field == "bar"</c> and <c>ip_addr == 0</c>
    /// as "mismatched type, still ok"), so an error here would refuse rules Kibana runs. The mismatch is still almost
    /// always a mistake, so it is a warning. Strings stay comparable with dates (date math), IPs and numbers written
    /// as text ("1234"), which Elasticsearch's queries read as such.
    /// </summary>
    private void WarnMismatchedComparison(ComparisonExpression comparison, FieldType left, FieldType right)
    {
        if (FieldTypes.AreCompatible(left, right))
        {
            return;
        }
        if (AcceptsText(left, comparison.Right, right) || AcceptsText(right, comparison.Left, left))
        {
            return;
        }
        Warning(comparison, $"[{text.Of(comparison)}] compares [{FieldTypes.TypeName(left)}] with [{FieldTypes.TypeName(right)}]; " +
            "Elasticsearch accepts it, but the types differ, so it is probably a mistake");
    }

    private static bool AcceptsText(FieldType type, Expression other, FieldType otherType)
    {
        // Dates are also compared with epoch milliseconds (Elasticsearch's filterOnDateExactWithMillis).
        if (FieldTypes.IsDateTime(type) && FieldTypes.IsNumeric(otherType))
        {
            return true;
        }
        if (!FieldTypes.IsString(otherType))
        {
            return false;
        }
        // Dates, IPs and versions are written as strings ("1.2.4", "10.0.0.1", date math).
        if (FieldTypes.IsDateTime(type) || type is FieldType.Ip or FieldType.Version)
        {
            return true;
        }
        return FieldTypes.IsNumeric(type) && other is StringLiteral literal &&
            double.TryParse(literal.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
    }

    private FieldType BindArithmetic(ArithmeticExpression arithmetic)
    {
        var left = Bind(arithmetic.Left);
        var right = Bind(arithmetic.Right);
        if (!CheckType(left, FieldTypes.IsNumeric, "numeric", arithmetic, arithmetic.Left, Ordinal.First)
            || !CheckType(right, FieldTypes.IsNumeric, "numeric", arithmetic, arithmetic.Right, Ordinal.Second))
        {
            return FieldType.Unknown;
        }
        return ArithmeticResult(left, right);
    }

    private static FieldType ArithmeticResult(FieldType left, FieldType right)
    {
        if (left == FieldType.Unknown || right == FieldType.Unknown)
        {
            return FieldType.Unknown;
        }
        if (left == FieldType.Null || right == FieldType.Null)
        {
            return FieldType.Null;
        }
        if (FieldTypes.IsRational(left) || FieldTypes.IsRational(right))
        {
            return FieldType.Double;
        }
        return left is FieldType.Long or FieldType.UnsignedLong || right is FieldType.Long or FieldType.UnsignedLong
            ? FieldType.Long
            : FieldType.Integer;
    }

    private FieldType BindIn(InExpression inExpression)
    {
        var value = Bind(inExpression.Value);
        var types = new List<FieldType>(inExpression.Set.Count);
        foreach (var item in inExpression.Set)
        {
            types.Add(Bind(item));
        }
        if (!CheckExact(value, inExpression, inExpression.Value, Ordinal.None))
        {
            return FieldType.Boolean;
        }
        for (var i = 0; i < inExpression.Set.Count; i++)
        {
            var item = inExpression.Set[i];
            if (!IsEndgame && !IsFoldable(item) && types[i] != FieldType.Unknown)
            {
                Error(inExpression, $"Comparisons against fields are not (currently) supported; offender [{text.Of(item)}] in [{text.Of(inExpression)}]");
                return FieldType.Boolean;
            }
        }
        if (value == FieldType.Unknown)
        {
            return FieldType.Boolean;
        }
        for (var i = 0; i < inExpression.Set.Count; i++)
        {
            if (!FieldTypes.AreCompatible(value, types[i]))
            {
                Error(inExpression, $"{Ordinals.Numbered(i + 1)} argument of [{text.Of(inExpression)}] must be [{FieldTypes.TypeName(value)}], " +
                    $"found value [{text.Of(inExpression.Set[i])}] type [{FieldTypes.TypeName(types[i])}]");
                break;
            }
        }
        return FieldType.Boolean;
    }

    private FieldType BindPattern(PatternExpression pattern)
    {
        var value = Bind(pattern.Value);
        var patternTypes = new List<FieldType>(pattern.Patterns.Count);
        foreach (var item in pattern.Patterns)
        {
            patternTypes.Add(Bind(item));
        }

        var isColon = pattern.Operator == PatternOperator.Colon;
        if (value != FieldType.Unknown && value != FieldType.Null && !FieldTypes.IsString(value))
        {
            var message = isColon
                ? $"first argument of [:] must be [string], found value [{text.Of(pattern.Value)}] type [{FieldTypes.TypeName(value)}]; consider using [==] instead"
                : $"argument of [{text.Of(pattern)}] must be [string], found value [{text.Of(pattern.Value)}] type [{FieldTypes.TypeName(value)}]";
            Error(pattern, message);
            return FieldType.Boolean;
        }
        if (!CheckExact(value, pattern, pattern.Value, isColon ? Ordinal.First : Ordinal.None))
        {
            return FieldType.Boolean;
        }

        var operatorText = isColon ? ":" : text.Of(pattern);
        for (var i = 0; i < pattern.Patterns.Count; i++)
        {
            var item = pattern.Patterns[i];
            if (!IsFoldable(item))
            {
                Error(item, $"second argument of [{operatorText}] must be a constant, received [{text.Of(item)}]");
                break;
            }
            var type = patternTypes[i];
            var allowed = FieldTypes.IsString(type) || type == FieldType.Unknown || (isColon && type == FieldType.Null);
            if (!allowed)
            {
                Error(item, $"second argument of [{operatorText}] must be [string], found value [{text.Of(item)}] type [{FieldTypes.TypeName(type)}]");
                break;
            }
        }
        return FieldType.Boolean;
    }

    private FieldType BindLineage(LineageExpression lineage)
    {
        if (!IsEndgame)
        {
            Error(lineage, "Process relationships are not supported (descendant of, child of and event of are Endgame EQL)");
        }
        BindEventQuery(lineage.Query);
        return FieldType.Boolean;
    }

    private FieldType BindFunction(FunctionCall call)
    {
        if (IsEndgame && BindEndgameFunction(call) is { } endgameType)
        {
            return endgameType;
        }
        var types = new List<FieldType>(call.Arguments.Count);
        foreach (var argument in call.Arguments)
        {
            types.Add(Bind(argument));
        }

        var lowerName = call.Name.ToLowerInvariant();
        if (!FunctionSignature.ByName.TryGetValue(lowerName, out var signature))
        {
            Error(call, $"Unknown function [{call.Name}]" +
                SimilarNames.Suffix(SimilarNames.Find(lowerName, FunctionSignature.ByName.Keys, 5)));
            return FieldType.Unknown;
        }
        functions[call] = signature.Function;

        if (call.IsCaseInsensitive && !signature.SupportsCaseInsensitive)
        {
            Error(call, $"Function [{lowerName}] does not support case-insensitive matching [~]; only between, indexOf, startsWith, endsWith and stringContains do");
            return FieldType.Unknown;
        }
        if (call.Arguments.Count < signature.MinArguments || call.Arguments.Count > signature.MaxArguments)
        {
            Error(call, $"error building [{lowerName}]: expects {signature.ArityText}, found [{call.Arguments.Count}]");
            return FieldType.Unknown;
        }

        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var ordinal = signature.Ordinals == OrdinalStyle.None ? Ordinal.None : Ordinals.Positional(i);
            if (!CheckArgument(signature.KindOf(i), call, call.Arguments[i], types[i], ordinal))
            {
                return FieldType.Unknown;
            }
        }

        return signature.Function switch
        {
            EqlFunction.Add or EqlFunction.Subtract or EqlFunction.Multiply or EqlFunction.Divide or EqlFunction.Modulo
                => ArithmeticResult(types[0], types[1]),
            _ => signature.ReturnType,
        };
    }

    private bool CheckArgument(ArgumentKind kind, FunctionCall call, Expression argument, FieldType type, Ordinal ordinal)
    {
        switch (kind)
        {
            case ArgumentKind.Exact:
                return CheckExact(type, call, argument, ordinal);
            case ArgumentKind.String:
                return CheckType(type, FieldTypes.IsString, "string", call, argument, ordinal)
                    && CheckExact(type, call, argument, ordinal);
            case ArgumentKind.Numeric:
                return CheckType(type, FieldTypes.IsNumeric, "numeric", call, argument, ordinal);
            case ArgumentKind.Integer:
                return CheckType(type, FieldTypes.IsInteger, "integer", call, argument, ordinal);
            case ArgumentKind.Boolean:
                return CheckType(type, IsBooleanOrNull, "boolean", call, argument, ordinal);
            case ArgumentKind.Ip:
                return CheckType(type, t => t == FieldType.Ip, "ip", call, argument, ordinal);
            case ArgumentKind.ConstantString:
                if (!IsFoldable(argument))
                {
                    Error(call, $"{Ordinals.Prefix(ordinal)}argument of [{text.Of(call)}] must be a constant, received [{text.Of(argument)}]");
                    return false;
                }
                if (!CheckType(type, FieldTypes.IsString, "string", call, argument, ordinal))
                {
                    return false;
                }
                if (argument is StringLiteral cidr && !IsCidrOrAddress(cidr.Value))
                {
                    Error(argument, $"[{cidr.Value}] is not a valid IP address or CIDR block in [{text.Of(call)}]");
                    return false;
                }
                return true;
            default:
                return true;
        }
    }

    // Host bits after the prefix are allowed ("10.1.2.3/8"), so the address and the prefix length are checked
    // separately rather than with IPNetwork.TryParse, which refuses them.
    private static bool IsCidrOrAddress(string value)
    {
        var slash = value.IndexOf('/');
        if (slash < 0)
        {
            return IPAddress.TryParse(value, out _);
        }
        if (!IPAddress.TryParse(value.AsSpan(0, slash), out var address)
            || !int.TryParse(value.AsSpan(slash + 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }
        var maximum = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        return prefix <= maximum;
    }

    // ---- checks --------------------------------------------------------------------------------------------

    private static bool IsBooleanOrNull(FieldType type) => type is FieldType.Boolean;

    /// <summary>
    /// QL's isType: null and unknown pass; otherwise "first argument of [f(x)] must be [string], found value [x] type [long]".
    /// </summary>
    private bool CheckType(FieldType type, Func<FieldType, bool> accepts, string expected, Expression owner,
        Expression argument, Ordinal ordinal)
    {
        if (type is FieldType.Unknown or FieldType.Null || accepts(type))
        {
            return true;
        }
        Error(owner, $"{Ordinals.Prefix(ordinal)}argument of [{text.Of(owner)}] must be [{expected}], found value " +
            $"[{text.Of(argument)}] type [{FieldTypes.TypeName(type)}]");
        return false;
    }

    /// <summary>QL's isExact: analysed text without a keyword multi-field has no exact value to compare.</summary>
    private bool CheckExact(FieldType type, Expression owner, Expression argument, Ordinal ordinal)
    {
        if (!FieldTypes.IsText(type) || argument is not FieldReference field || schema.HasExactSubfield(field.Path))
        {
            return true;
        }
        var leaf = field.Path[(field.Path.LastIndexOf('.') + 1)..];
        var where = ordinal == Ordinal.None ? "field" : $"{Ordinals.Prefix(ordinal)}argument field";
        Error(owner, $"[{text.Of(owner)}] cannot operate on {where} of data type [text]: No keyword/multi-field " +
            $"defined exact matches for [{leaf}]; define one or use MATCH/QUERY instead");
        return false;
    }

    private static bool IsFoldable(Expression expression) => expression switch
    {
        StringLiteral or IntegerLiteral or DecimalLiteral or BooleanLiteral or NullLiteral => true,
        NegateExpression negate => IsFoldable(negate.Operand),
        ArithmeticExpression arithmetic => IsFoldable(arithmetic.Left) && IsFoldable(arithmetic.Right),
        _ => false,
    };

    private static long? FoldInteger(Expression expression) => expression switch
    {
        IntegerLiteral literal => literal.Value,
        NegateExpression { Operand: IntegerLiteral literal } => -literal.Value,
        _ => null,
    };

    private void Error(SyntaxNode node, string message) =>
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, message, node.Span));

    private void Warning(SyntaxNode node, string message) =>
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, message, node.Span));
}
