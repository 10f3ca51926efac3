using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;

namespace Vigil.Eql.Compilation;

/// <summary>
/// Derives from a query what a line must contain to possibly match: per stage a <see cref="LineRequirement"/> (all of
/// some literal sets). It is conservative by construction: every rule below only ever drops information, never
/// invents it, so a line that a stage matches always meets the stage's requirement — provided the line has no
/// <c>\u</c> or <c>\/</c> escape, which <see cref="LinePrefilter"/> always passes through (see
/// <see cref="JsonLiteralEncoder"/> for why that makes the JSON spelling of a string unique).
/// </summary>
/// <remarks>
/// The reasoning, node by node. C(e) is the requirement of expression e; "none" means no constraint. The claim
/// proved by induction is: if e is true for an event, the event's line meets C(e).
/// <list type="bullet">
/// <item><c>a and b</c>: both are true, so the line meets C(a) and C(b): their conjunction.</item>
/// <item><c>a or b</c>: one is true, so the line meets C(a) or C(b). If either is none, so is the result. Otherwise
/// (A1∧…) ∨ (B1∧…) is the conjunction over pairs of (Ai ∨ Bj); when that is too big, (best A) ∨ (best B), which is
/// implied by it.</item>
/// <item><c>not e</c>, <c>!=</c>, <c>not in</c>, ordering comparisons, <c>== null</c>, regex, arithmetic, other
/// functions, field-to-field comparisons, bare fields and constants: none. A negation is true exactly when the
/// literal is absent, so nothing can be required.</item>
/// <item><c>field == "v"</c> (either side): ES compares the whole value of a keyword case-sensitively; a multi-valued
/// field matches if one element does. Either way the string <c>"v"</c> is in the line, quotes included.</item>
/// <item><c>field in ("a", "b")</c>: one of <c>"a"</c>, <c>"b"</c> (quoted). Any non-string member: none.</item>
/// <item><c>:</c>, <c>like</c>, <c>like~</c>, <c>in~</c>, the Endgame <c>==</c>: wildcards <c>*</c>, <c>?</c> (and a
/// backslash, which may escape one) split the pattern; the longest run is required, with the opening quote when
/// the pattern does not start with a wildcard and the closing quote when it does not end with one. Case-insensitive
/// forms produce ASCII literals matched under ASCII folding; non-ASCII characters split the run there, because
/// Unicode folding is not byte-local. If any pattern of a list yields nothing, the list yields none.</item>
/// <item><c>startsWith(field, "p")</c>, <c>endsWith(field, "s")</c>, <c>stringContains(field, "x")</c> and their
/// <c>~</c> forms: <c>"p</c>, <c>s"</c>, <c>x</c>.</item>
/// <item>Category: <c>process where</c> requires the category field to hold <c>"process"</c>.</item>
/// <item>Values a field may hold as a non-string (numbers, booleans, dates, IPs, versions), where ES compares a
/// normalised value and the JSON text can differ from the query's (<c>"::1"</c> vs <c>"0:0:0:0:0:0:0:1"</c>,
/// <c>"1000"</c> vs <c>1000</c>): none, unless the options say the field is a verbatim string.</item>
/// </list>
/// Sequences, samples and joins need a line if any stage (missing stages and <c>until</c> included) may need it, so
/// each stage yields its own requirement and the rule set is their union. Endgame lineage (<c>descendant of</c>)
/// tracks every process event, so a statement that uses it is unconstrained.
/// </remarks>
public static class RequiredLiterals
{
    /// <summary>Literals shorter than this are not worth requiring (they are in almost every line).</summary>
    private const int MinimumLiteralLength = 3;

    /// <summary>Above this many pairs, a disjunction of conjunctions keeps only the best set of each side.</summary>
    private const int MaxDistributedSets = 16;

    /// <summary>One requirement per stage (in order, <c>until</c> last), or a single one for an event query.</summary>
    public static ImmutableArray<LineRequirement> ForStatement(EqlStatement statement, RequiredLiteralOptions? options = null)
    {
        options ??= RequiredLiteralOptions.Default;
        var builder = ImmutableArray.CreateBuilder<LineRequirement>();
        if (ContainsLineage(statement.Query))
        {
            builder.Add(LineRequirement.Unconstrained);
            return builder.ToImmutable();
        }
        switch (statement.Query)
        {
            case EventQuery query:
                builder.Add(ForEventQuery(query, options));
                break;
            case SequenceQuery sequence:
                AddStages(sequence.Stages, sequence.Until, options, builder);
                break;
            case SampleQuery sample:
                AddStages(sample.Stages, null, options, builder);
                break;
            case JoinQuery join:
                AddStages(join.Stages, join.Until, options, builder);
                break;
            default:
                builder.Add(LineRequirement.Unconstrained);
                break;
        }
        return builder.ToImmutable();
    }

    /// <summary>The requirement of one <c>category where condition</c>.</summary>
    public static LineRequirement ForEventQuery(EventQuery query, RequiredLiteralOptions? options = null)
    {
        options ??= RequiredLiteralOptions.Default;
        if (ContainsLineage(query.Condition))
        {
            return LineRequirement.Unconstrained;
        }
        var sets = new List<LiteralSet>();
        if (query.Category is { } category && options.CategoryIsStringValue)
        {
            var literal = Quoted(category, ignoreCase: options.EndgameDialect);
            if (literal is not null)
            {
                sets.Add(LiteralSet.Of(literal, options.CategoryField));
            }
        }
        var condition = Derive(query.Condition, options);
        if (condition is not null)
        {
            sets.AddRange(condition);
        }
        return ToRequirement(sets);
    }

    /// <summary>The requirement of a bare condition (no category).</summary>
    public static LineRequirement ForCondition(Expression condition, RequiredLiteralOptions? options = null)
    {
        options ??= RequiredLiteralOptions.Default;
        return ContainsLineage(condition) ? LineRequirement.Unconstrained : ToRequirement(Derive(condition, options) ?? []);
    }

    private static void AddStages(
        ValueList<QueryStage> stages, QueryStage? until, RequiredLiteralOptions options,
        ImmutableArray<LineRequirement>.Builder builder)
    {
        foreach (var stage in stages)
        {
            builder.Add(ForEventQuery(stage.Query, options));
        }
        if (until is not null)
        {
            builder.Add(ForEventQuery(until.Query, options));
        }
    }

    private static LineRequirement ToRequirement(List<LiteralSet> sets)
    {
        var unique = new List<LiteralSet>();
        foreach (var set in sets)
        {
            if (!unique.Contains(set))
            {
                unique.Add(set);
            }
        }
        return unique.Count == 0 ? LineRequirement.Unconstrained : new LineRequirement([.. unique]);
    }

    /// <summary>C(e) as a list of sets that must all be met, or null for none.</summary>
    private static List<LiteralSet>? Derive(Expression expression, RequiredLiteralOptions options)
    {
        switch (expression)
        {
            case LogicalExpression { Operator: LogicalOperator.And } and:
            {
                var left = Derive(and.Left, options);
                var right = Derive(and.Right, options);
                if (left is null)
                {
                    return right;
                }
                if (right is not null)
                {
                    left.AddRange(right);
                }
                return left;
            }
            case LogicalExpression { Operator: LogicalOperator.Or } or:
            {
                var left = Derive(or.Left, options);
                if (left is null)
                {
                    return null;
                }
                var right = Derive(or.Right, options);
                return right is null ? null : Disjoin(left, right);
            }
            case ComparisonExpression { Operator: ComparisonOperator.Equal } equal:
                return DeriveEquality(equal, options);
            case InExpression { IsNegated: false } @in:
                return DeriveIn(@in, options);
            case PatternExpression { Operator: PatternOperator.Colon or PatternOperator.Like } pattern:
                return DerivePattern(pattern, options);
            case FunctionCall call:
                return DeriveFunction(call, options);
            default:
                // not, !=, not in, <, >, regex, arithmetic, bare fields, constants: nothing can be required.
                return null;
        }
    }

    private static List<LiteralSet>? DeriveEquality(ComparisonExpression equal, RequiredLiteralOptions options)
    {
        var (field, value) = (equal.Left, equal.Right) switch
        {
            (FieldReference f, StringLiteral s) => (f, s),
            (StringLiteral s, FieldReference f) => (f, s),
            _ => (null, null),
        };
        if (field is null || value is null)
        {
            return null;
        }
        var literal = options.EndgameDialect
            ? FromPattern(field.Path, value.Value, ignoreCase: true, options)
            : FromWholeValue(field.Path, value.Value, ignoreCase: false, options);
        return literal is null ? null : [LiteralSet.Of(literal, field.Path)];
    }

    private static List<LiteralSet>? DeriveIn(InExpression @in, RequiredLiteralOptions options)
    {
        if (@in.Value is not FieldReference field || @in.Set.Count == 0)
        {
            return null;
        }
        var ignoreCase = @in.IsCaseInsensitive || options.EndgameDialect;
        var alternatives = new List<PrefilterLiteral>();
        foreach (var member in @in.Set)
        {
            if (member is not StringLiteral text)
            {
                return null;
            }
            // In the Endgame dialect `in` compares like its `==`, wildcards included.
            var literal = options.EndgameDialect
                ? FromPattern(field.Path, text.Value, ignoreCase, options)
                : FromWholeValue(field.Path, text.Value, ignoreCase, options);
            if (literal is null)
            {
                return null;
            }
            AddUnique(alternatives, literal);
        }
        return [new LiteralSet([.. alternatives], field.Path)];
    }

    private static List<LiteralSet>? DerivePattern(PatternExpression pattern, RequiredLiteralOptions options)
    {
        if (pattern.Value is not FieldReference field || pattern.Patterns.Count == 0)
        {
            return null;
        }
        var alternatives = new List<PrefilterLiteral>();
        foreach (var member in pattern.Patterns)
        {
            if (member is not StringLiteral text)
            {
                return null;
            }
            var literal = FromPattern(field.Path, text.Value, pattern.IsCaseInsensitive, options);
            if (literal is null)
            {
                return null;
            }
            AddUnique(alternatives, literal);
        }
        return [new LiteralSet([.. alternatives], field.Path)];
    }

    private static List<LiteralSet>? DeriveFunction(FunctionCall call, RequiredLiteralOptions options)
    {
        if (call.Arguments.Count != 2
            || call.Arguments[0] is not FieldReference field
            || call.Arguments[1] is not StringLiteral text)
        {
            return null;
        }
        var ignoreCase = call.IsCaseInsensitive || options.EndgameDialect;
        var name = call.Name.ToLowerInvariant();
        var (openStart, openEnd) = name switch
        {
            "startswith" => (false, true),
            "endswith" => (true, false),
            "stringcontains" => (true, true),
            _ => (true, true),
        };
        if (name is not ("startswith" or "endswith" or "stringcontains") || LooksLikeNonString(field.Path, text.Value, options))
        {
            return null;
        }
        var literal = Build(text.Value, ignoreCase, anchoredStart: !openStart, anchoredEnd: !openEnd, wildcards: false);
        return literal is null ? null : [LiteralSet.Of(literal, field.Path)];
    }

    /// <summary>The literal for a comparison with a whole value: the quoted JSON string.</summary>
    private static PrefilterLiteral? FromWholeValue(string field, string value, bool ignoreCase, RequiredLiteralOptions options) =>
        LooksLikeNonString(field, value, options) ? null : Quoted(value, ignoreCase);

    /// <summary>The literal for a wildcard pattern: its longest fixed run, quoted where the pattern is anchored.</summary>
    private static PrefilterLiteral? FromPattern(string field, string pattern, bool ignoreCase, RequiredLiteralOptions options)
    {
        if (LooksLikeNonString(field, StripWildcards(pattern), options))
        {
            return null;
        }
        var anchoredStart = pattern.Length > 0 && pattern[0] is not ('*' or '?' or '\\');
        var anchoredEnd = pattern.Length > 0 && pattern[^1] is not ('*' or '?') && !EndsWithEscape(pattern);
        return Build(pattern, ignoreCase, anchoredStart, anchoredEnd, wildcards: true);
    }

    /// <summary>
    /// The bytes any JSON line holding <paramref name="text"/> in a string must contain (with its quotes when it is
    /// the <paramref name="wholeValue"/>), or null when too short to be worth searching; for other languages' prefilters.
    /// </summary>
    public static PrefilterLiteral? ForText(string text, bool ignoreCase, bool wholeValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Build(text, ignoreCase, wholeValue, wholeValue, wildcards: false);
    }

    private static PrefilterLiteral? Quoted(string value, bool ignoreCase) =>
        Build(value, ignoreCase, anchoredStart: true, anchoredEnd: true, wildcards: false);

    private static PrefilterLiteral? Build(string text, bool ignoreCase, bool anchoredStart, bool anchoredEnd, bool wildcards)
    {
        var encoded = new List<int>(text.Length + 2);
        if (anchoredStart)
        {
            JsonLiteralEncoder.AppendQuote(encoded);
        }
        JsonLiteralEncoder.Append(text, asciiOnly: ignoreCase, wildcards, encoded);
        if (anchoredEnd)
        {
            JsonLiteralEncoder.AppendQuote(encoded);
        }
        var run = JsonLiteralEncoder.LongestRun(encoded);
        if (run is null || run.Length < MinimumLiteralLength)
        {
            return null;
        }
        return ignoreCase ? PrefilterLiteral.IgnoringCase(run) : PrefilterLiteral.Exact(run);
    }

    /// <summary>
    /// Whether the field may hold the compared value as something other than a JSON string spelled like the query
    /// text: a field known not to be a verbatim string, or (type unknown) text that reads as a number, boolean,
    /// null, IP address or date, or is made only of characters those are written with.
    /// </summary>
    private static bool LooksLikeNonString(string field, string value, RequiredLiteralOptions options)
    {
        var known = options.IsVerbatimStringField?.Invoke(field);
        if (known is { } isString)
        {
            return !isString;
        }
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }
        if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("false", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            || IPAddress.TryParse(trimmed, out _)
            || DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _))
        {
            return true;
        }
        var numericLooking = true;
        foreach (var c in trimmed)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or ':' or '-' or '+' or '/' or ' ' or 'T' or 'Z'))
            {
                numericLooking = false;
                break;
            }
        }
        if (numericLooking)
        {
            return true;
        }
        // IPv6 text: hex digits and colons.
        if (trimmed.Contains(':'))
        {
            foreach (var c in trimmed)
            {
                if (!(char.IsAsciiHexDigit(c) || c is ':' or '.' or '/' or '%'))
                {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static string StripWildcards(string pattern) => pattern.Replace("*", "").Replace("?", "");

    private static bool EndsWithEscape(string pattern) => pattern.Length >= 2 && pattern[^2] == '\\';

    private static void AddUnique(List<PrefilterLiteral> literals, PrefilterLiteral literal)
    {
        if (!literals.Contains(literal))
        {
            literals.Add(literal);
        }
    }

    /// <summary>(A1 ∧ …) ∨ (B1 ∧ …) as a conjunction of sets implied by it.</summary>
    private static List<LiteralSet> Disjoin(List<LiteralSet> left, List<LiteralSet> right)
    {
        if (left.Count * right.Count <= MaxDistributedSets)
        {
            var product = new List<LiteralSet>(left.Count * right.Count);
            foreach (var a in left)
            {
                foreach (var b in right)
                {
                    product.Add(Union(a, b));
                }
            }
            return product;
        }
        return [Union(Best(left), Best(right))];
    }

    private static LiteralSet Union(LiteralSet a, LiteralSet b)
    {
        var alternatives = new List<PrefilterLiteral>(a.Alternatives);
        foreach (var literal in b.Alternatives)
        {
            AddUnique(alternatives, literal);
        }
        var origin = a.Origin == b.Origin ? a.Origin : a.Origin + "|" + b.Origin;
        return new LiteralSet([.. alternatives], origin);
    }

    private static LiteralSet Best(List<LiteralSet> sets)
    {
        var best = sets[0];
        foreach (var set in sets)
        {
            if (set.ShortestLength - Math.Log2(set.Alternatives.Length) > best.ShortestLength - Math.Log2(best.Alternatives.Length))
            {
                best = set;
            }
        }
        return best;
    }

    private static bool ContainsLineage(Query query) => query switch
    {
        EventQuery e => ContainsLineage(e.Condition),
        SequenceQuery s => AnyStageHasLineage(s.Stages, s.Until),
        SampleQuery s => AnyStageHasLineage(s.Stages, null),
        JoinQuery j => AnyStageHasLineage(j.Stages, j.Until),
        _ => true,
    };

    private static bool AnyStageHasLineage(ValueList<QueryStage> stages, QueryStage? until)
    {
        foreach (var stage in stages)
        {
            if (ContainsLineage(stage.Query.Condition))
            {
                return true;
            }
        }
        return until is not null && ContainsLineage(until.Query.Condition);
    }

    private static bool ContainsLineage(Expression expression) => expression switch
    {
        LineageExpression => true,
        NotExpression n => ContainsLineage(n.Operand),
        NegateExpression n => ContainsLineage(n.Operand),
        LogicalExpression l => ContainsLineage(l.Left) || ContainsLineage(l.Right),
        ComparisonExpression c => ContainsLineage(c.Left) || ContainsLineage(c.Right),
        ArithmeticExpression a => ContainsLineage(a.Left) || ContainsLineage(a.Right),
        InExpression i => ContainsLineage(i.Value),
        PatternExpression p => ContainsLineage(p.Value),
        FunctionCall f => f.Arguments.Any(ContainsLineage),
        _ => false,
    };
}
