using System.Globalization;
using System.Text;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;
using Vigil.Events.Projection;
using Vigil.Kql.Syntax;

namespace Vigil.Kql.Compilation;

/// <summary>
/// Binds a KQL tree against the schema and turns it into one predicate over frame slots, choosing for each field the
/// query Kibana's detection engine sends (it builds the query without field types: <c>match</c> for unquoted values,
/// <c>match_phrase</c> for quoted ones, <c>query_string</c> for wildcards, <c>exists</c> for <c>f:*</c>,
/// <c>range</c> for comparisons) and answering it as Elasticsearch does for the field's mapped type.
/// </summary>
internal sealed class PredicateBuilder
{
    private static readonly Func<EvalContext, bool> Always = static _ => true;
    private static readonly Func<EvalContext, bool> Never = static _ => false;

    private readonly Schema schema;
    private readonly FieldSlots slots;
    private readonly DateTimeOffset now;
    // Schema path of the enclosing nested query plus '.', or empty; source paths are relative to it.
    private readonly string prefix;
    private readonly List<Diagnostic> diagnostics;
    private Dictionary<string, FieldKind[]>? freeTextKinds;

    public PredicateBuilder(Schema schema, FieldSlots slots, DateTimeOffset now, string prefix, List<Diagnostic> diagnostics)
    {
        this.schema = schema;
        this.slots = slots;
        this.now = now;
        this.prefix = prefix;
        this.diagnostics = diagnostics;
    }

    private readonly record struct Target(string SchemaPath, string SourcePath, FieldType Type);

    public Func<EvalContext, bool> Build(KqlNode node) => node switch
    {
        KqlOr or => Any(Each(or.Operands)),
        KqlAnd and => All(Each(and.Operands)),
        KqlNot not => Negate(Build(not.Operand)),
        KqlNested nested => Nested(nested),
        KqlRange range => Range(range),
        KqlMatch match => Match(match),
        KqlFilterWildcard wildcard => FilterWildcard(wildcard),
        _ => throw new ArgumentException($"unknown KQL node {node.GetType().Name}", nameof(node)),
    };

    private Func<EvalContext, bool>[] Each(IReadOnlyList<KqlNode> nodes)
    {
        var list = new Func<EvalContext, bool>[nodes.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = Build(nodes[i]);
        }
        return list;
    }

    private static Func<EvalContext, bool> Any(Func<EvalContext, bool>[] parts)
    {
        var kept = parts.Where(p => p != Never).ToArray();
        if (kept.Any(p => p == Always))
        {
            return Always;
        }
        return kept.Length switch
        {
            0 => Never,
            1 => kept[0],
            2 => Pair(kept[0], kept[1], either: true),
            _ => c =>
            {
                foreach (var p in kept)
                {
                    if (p(c))
                    {
                        return true;
                    }
                }
                return false;
            },
        };
    }

    private static Func<EvalContext, bool> All(Func<EvalContext, bool>[] parts)
    {
        var kept = parts.Where(p => p != Always).ToArray();
        if (kept.Any(p => p == Never))
        {
            return Never;
        }
        return kept.Length switch
        {
            0 => Always,
            1 => kept[0],
            2 => Pair(kept[0], kept[1], either: false),
            _ => c =>
            {
                foreach (var p in kept)
                {
                    if (!p(c))
                    {
                        return false;
                    }
                }
                return true;
            },
        };
    }

    private static Func<EvalContext, bool> Pair(Func<EvalContext, bool> a, Func<EvalContext, bool> b, bool either) =>
        either ? c => a(c) || b(c) : c => a(c) && b(c);

    private static Func<EvalContext, bool> Negate(Func<EvalContext, bool> inner) =>
        inner == Always ? Never : inner == Never ? Always : c => !inner(c);

    private Func<EvalContext, bool> Match(KqlMatch match)
    {
        if (match.IsMatchAll)
        {
            return Always;
        }
        if (match.Field is not { } field)
        {
            return FreeText(match.Value);
        }
        var targets = Resolve(field);
        if (match.IsExists)
        {
            return Exists(targets);
        }
        if (field.HasWildcard && !match.Value.HasWildcard)
        {
            Warn(field.Span, $"'{KqlPrinter.Literal(field)}' is a field pattern: Kibana's detection engine sends it as one field name to a "
                + "match query, which matches no document in Elasticsearch; give a wildcard value or name the fields");
            return Never;
        }
        var tests = new List<(int Slot, ValueTest Test)>();
        foreach (var target in targets)
        {
            if (ValueTestFor(target, match.Value, report: !field.HasWildcard) is { } test)
            {
                tests.Add((slots.SlotOf(target.SourcePath), test));
            }
        }
        return AnySlot(tests);
    }

    private Func<EvalContext, bool> FilterWildcard(KqlFilterWildcard filter)
    {
        var field = new KqlLiteral(filter.Span, filter.Field, true, KqlLiteralKind.Text, default);
        var regex = FilterWildcardTest.Compile(filter.Pattern, filter.CaseInsensitive);
        var tests = new List<(int Slot, ValueTest Test)>();
        foreach (var target in Resolve(field))
        {
            var kind = FieldKinds.Of(target.Type);
            if (kind is FieldKind.Keyword or FieldKind.Text or FieldKind.Dynamic)
            {
                tests.Add((slots.SlotOf(target.SourcePath), new FilterWildcardTest(regex, kind == FieldKind.Text)));
            }
            else
            {
                Error(filter.Span, $"a wildcard filter on '{target.SchemaPath}', a {FieldTypes.MappingName(target.Type)} field: Elasticsearch rejects it");
            }
        }
        return AnySlot(tests);
    }

    private static Func<EvalContext, bool> AnySlot(List<(int Slot, ValueTest Test)> tests)
    {
        if (tests.Count == 0)
        {
            return Never;
        }
        if (tests.Count == 1)
        {
            var (slot, test) = tests[0];
            return c =>
            {
                var frame = c.Frame;
                var count = frame.CountOf(slot);
                for (var i = 0; i < count; i++)
                {
                    if (test.Test(frame, frame.ValueOf(slot, i)))
                    {
                        return true;
                    }
                }
                return false;
            };
        }
        var all = tests.ToArray();
        return c =>
        {
            var frame = c.Frame;
            foreach (var (slot, test) in all)
            {
                var count = frame.CountOf(slot);
                for (var i = 0; i < count; i++)
                {
                    if (test.Test(frame, frame.ValueOf(slot, i)))
                    {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    private Func<EvalContext, bool> Exists(List<Target> targets)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            if (target.Type is FieldType.Object or FieldType.Nested)
            {
                // An object exists when one of its fields has a value.
                var under = target.SchemaPath + ".";
                foreach (var (path, type) in schema.Fields)
                {
                    if (path.StartsWith(under, StringComparison.Ordinal) && FieldKinds.IsLeaf(type))
                    {
                        paths.Add(SourceOf(path));
                    }
                }
                continue;
            }
            paths.Add(target.SourcePath);
        }
        var exists = paths.Select(slots.SlotOf).ToArray();
        if (exists.Length == 0)
        {
            return Never;
        }
        if (exists.Length == 1)
        {
            var slot = exists[0];
            return c => c.Frame.CountOf(slot) > 0;
        }
        return c =>
        {
            foreach (var slot in exists)
            {
                if (c.Frame.CountOf(slot) > 0)
                {
                    return true;
                }
            }
            return false;
        };
    }

    private Func<EvalContext, bool> Range(KqlRange range)
    {
        if (range.Field.HasWildcard)
        {
            Warn(range.Field.Span, $"'{KqlPrinter.Literal(range.Field)}' is a field pattern: a range query names one field, so it matches no document");
            return Never;
        }
        var tests = new List<(int Slot, ValueTest Test)>();
        foreach (var target in Resolve(range.Field))
        {
            if (RangeTestFor(target, range) is { } test)
            {
                tests.Add((slots.SlotOf(target.SourcePath), test));
            }
        }
        return AnySlot(tests);
    }

    private Func<EvalContext, bool> Nested(KqlNested nested)
    {
        var path = prefix + nested.Path.Text;
        if (nested.Path.HasWildcard)
        {
            Error(nested.Path.Span, "a nested query needs the nested field's name, not a pattern");
            return Never;
        }
        if (schema.Count > 0 && (!schema.TryGetFieldType(path, out var type) || type != FieldType.Nested))
        {
            Warn(nested.Path.Span, $"'{path}' is not a nested field in the schema; Elasticsearch rejects a nested query on it "
                + "(Vigil tests each object under it on its own)");
        }
        var innerSlots = new FieldSlots();
        var inner = new PredicateBuilder(schema, innerSlots, now, path + ".", diagnostics).Build(nested.Query);
        var layout = new FieldLayout(innerSlots.Paths);
        var segments = nested.Path.Text.Split('.');
        return c =>
        {
            var source = c.Frame.Source;
            foreach (var (start, length) in SourceWalker.ObjectsAt(source, segments))
            {
                var frame = new EventFrame(layout);
                if (frame.Load(source.Slice(start, length)).Success && inner(new EvalContext(frame)))
                {
                    return true;
                }
            }
            return false;
        };
    }

    private Func<EvalContext, bool> FreeText(KqlLiteral value)
    {
        var tests = new ValueTest?[FieldKinds.Count];
        for (var kind = 0; kind < tests.Length; kind++)
        {
            var target = new Target("", "", RepresentativeType((FieldKind)kind));
            // multi_match and query_string over all fields are lenient: a value that cannot be a number simply
            // does not match number fields.
            tests[kind] = (FieldKind)kind == FieldKind.Unqueryable ? null : ValueTestFor(target, value, report: false);
        }
        if (value.Kind == KqlLiteralKind.Null)
        {
            Warn(value.Span, "null as free text matches nothing");
            return Never;
        }
        var lookup = FreeTextKinds().GetAlternateLookup<ReadOnlySpan<char>>();
        return c => SourceWalker.AnyValue(c.Frame.Source, lookup, tests);
    }

    private static FieldType RepresentativeType(FieldKind kind) => kind switch
    {
        FieldKind.Keyword => FieldType.Keyword,
        FieldKind.Text => FieldType.Text,
        FieldKind.Integer => FieldType.Long,
        FieldKind.Decimal => FieldType.Double,
        FieldKind.Date => FieldType.Date,
        FieldKind.DateNanos => FieldType.DateNanos,
        FieldKind.Ip => FieldType.Ip,
        FieldKind.Boolean => FieldType.Boolean,
        FieldKind.Dynamic => FieldType.Unknown,
        _ => FieldType.Object,
    };

    // Source path (relative to the nested prefix) → the kinds of the field and of its multi-fields.
    private Dictionary<string, FieldKind[]> FreeTextKinds()
    {
        if (freeTextKinds is not null)
        {
            return freeTextKinds;
        }
        var map = new Dictionary<string, List<FieldKind>>(StringComparer.Ordinal);
        foreach (var (path, type) in schema.Fields)
        {
            if (!FieldKinds.IsLeaf(type) || !path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var source = SourceOf(path);
            if (!map.TryGetValue(source, out var kinds))
            {
                map[source] = kinds = [];
            }
            var kind = FieldKinds.Of(type);
            if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }
        }
        freeTextKinds = map.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        return freeTextKinds;
    }

    private List<Target> Resolve(KqlLiteral field)
    {
        var targets = new List<Target>();
        if (field.HasWildcard)
        {
            var pieces = field.WildcardPieces.Select(p => p.ToCharArray()).ToArray();
            pieces[0] = (prefix + field.WildcardPieces[0]).ToCharArray();
            foreach (var (path, type) in schema.Fields)
            {
                if (FieldKinds.IsLeaf(type) && WildcardMatcher.IsMatch<char>(path, pieces))
                {
                    targets.Add(new Target(path, SourceOf(path), type));
                }
            }
            targets.Sort((a, b) => string.CompareOrdinal(a.SchemaPath, b.SchemaPath));
            if (targets.Count == 0)
            {
                Warn(field.Span, $"no field in the schema matches '{KqlPrinter.Literal(field)}'");
            }
            return targets;
        }
        var full = prefix + field.Text;
        if (schema.TryGetNestedAncestor(full, out var ancestor) && !prefix.StartsWith(ancestor + ".", StringComparison.Ordinal))
        {
            Warn(field.Span, $"'{full}' is inside the nested field '{ancestor}': outside '{ancestor}:{{ ... }}' Elasticsearch does not see it, so this matches nothing");
            return targets;
        }
        if (schema.TryGetFieldType(full, out var known))
        {
            targets.Add(new Target(full, SourceOf(full), known));
            return targets;
        }
        if (schema.Count == 0)
        {
            targets.Add(new Target(full, Relative(full), FieldType.Unknown));
            return targets;
        }
        var under = full + ".";
        var isObject = false;
        foreach (var (path, _) in schema.Fields)
        {
            if (path.StartsWith(under, StringComparison.Ordinal))
            {
                isObject = true;
                break;
            }
        }
        if (!isObject)
        {
            Warn(field.Span, $"unknown field '{full}': not in the schema of the rule's indices; its values are compared as they appear in the event");
        }
        targets.Add(new Target(full, Relative(full), isObject ? FieldType.Object : FieldType.Unknown));
        return targets;
    }

    // A multi-field (process.command_line.text) has no value of its own in the document: it indexes its parent's.
    private string SourceOf(string schemaPath)
    {
        var dot = schemaPath.LastIndexOf('.');
        if (dot > 0 && schema.TryGetFieldType(schemaPath[..dot], out var parent) && FieldKinds.IsLeaf(parent)
            && parent is not (FieldType.Flattened or FieldType.GeoPoint))
        {
            return Relative(schemaPath[..dot]);
        }
        return Relative(schemaPath);
    }

    private string Relative(string schemaPath) =>
        prefix.Length > 0 && schemaPath.StartsWith(prefix, StringComparison.Ordinal) ? schemaPath[prefix.Length..] : schemaPath;

    private ValueTest? ValueTestFor(Target target, KqlLiteral value, bool report)
    {
        var kind = FieldKinds.Of(target.Type);
        var name = target.SchemaPath;
        if (kind == FieldKind.Unqueryable)
        {
            if (report)
            {
                Warn(value.Span, $"'{name}' is a{Article(target.Type)} {FieldTypes.MappingName(target.Type)} field: only '{name}:*' (exists) applies to it");
            }
            return null;
        }
        if (value.HasWildcard)
        {
            return WildcardTestFor(kind, target, value, report);
        }
        if (value.Kind == KqlLiteralKind.Null)
        {
            if (report)
            {
                Warn(value.Span, $"'{name}:null' matches nothing (Elasticsearch has no null term); write 'not {name}:*' for a missing field");
            }
            return null;
        }
        var text = value.Kind switch
        {
            KqlLiteralKind.True => "true",
            KqlLiteralKind.False => "false",
            _ => value.Text,
        };
        return EqualityTest(kind, target, text, value.IsQuoted, value.Span, report);
    }

    private ValueTest? EqualityTest(FieldKind kind, Target target, string text, bool phrase, SourceSpan span, bool report)
    {
        var name = target.SchemaPath;
        switch (kind)
        {
            case FieldKind.Keyword:
                return new KeywordEqualsTest(Encoding.UTF8.GetBytes(text));
            case FieldKind.Text:
                var tokens = StandardAnalyzer.Tokens(text).ToArray();
                if (tokens.Length == 0)
                {
                    if (report)
                    {
                        Warn(span, $"'{text}' has no words for the standard analyzer, so it matches nothing in the text field '{name}'");
                    }
                    return null;
                }
                return phrase && tokens.Length > 1 ? new TextPhraseTest(tokens) : new TextAnyTest(tokens);
            case FieldKind.Integer or FieldKind.Decimal:
                if (!TryNumber(text, out var number))
                {
                    if (report)
                    {
                        Error(span, $"'{text}' is not a number, and '{name}' is a {FieldTypes.MappingName(target.Type)} field: Elasticsearch rejects the query");
                    }
                    return null;
                }
                return new NumberRangeTest(number, true, number, true, kind == FieldKind.Integer);
            case FieldKind.Date or FieldKind.DateNanos:
                // A term on a date field is the range [value rounded down, value rounded up]: 2024-01-01 is that whole day.
                if (!KqlDateMath.TryParse(text, now, false, out var low) || !KqlDateMath.TryParse(text, now, true, out var high))
                {
                    if (report)
                    {
                        Error(span, $"'{text}' is not a date, and '{name}' is a date field: Elasticsearch rejects the query");
                    }
                    return null;
                }
                return new DateRangeTest(low, high, kind == FieldKind.Date);
            case FieldKind.Ip:
                if (!IpTest.TryParseBlock(text, out var first, out var last))
                {
                    if (report)
                    {
                        Error(span, $"'{text}' is not an IP address or CIDR block, and '{name}' is an ip field: Elasticsearch rejects the query");
                    }
                    return null;
                }
                return new IpTest(first, last);
            case FieldKind.Boolean:
                if (text is not ("true" or "false"))
                {
                    if (report)
                    {
                        Error(span, $"'{text}' is not true or false, and '{name}' is a boolean field: Elasticsearch rejects the query");
                    }
                    return null;
                }
                return new BooleanTest(text == "true");
            default:
                return new DynamicTest(new KeywordEqualsTest(Encoding.UTF8.GetBytes(text)),
                    TryNumber(text, out var n) ? new NumberRangeTest(n, true, n, true, integerField: false) : null);
        }
    }

    // query_string: the value is split into terms at its (unescaped) spaces and any term may match; a term with a
    // star is a wildcard term, the others are ordinary terms.
    private ValueTest? WildcardTestFor(FieldKind kind, Target target, KqlLiteral value, bool report)
    {
        if (kind is not (FieldKind.Keyword or FieldKind.Text or FieldKind.Dynamic))
        {
            if (report)
            {
                Error(value.Span, $"wildcards apply to keyword and text fields; '{target.SchemaPath}' is a {FieldTypes.MappingName(target.Type)} field, "
                    + "so Elasticsearch rejects the query");
            }
            return null;
        }
        var tests = new List<ValueTest>();
        foreach (var term in QueryStringTerms(value.WildcardPieces))
        {
            if (term.Count == 1)
            {
                if (EqualityTest(kind, target, term[0], false, value.Span, report: false) is { } plain)
                {
                    tests.Add(plain);
                }
                continue;
            }
            tests.Add(kind == FieldKind.Text
                ? new TextWildcardTest(term.Select(p => p.ToLowerInvariant().ToCharArray()).ToArray())
                : new KeywordWildcardTest(term.Select(p => Encoding.UTF8.GetBytes(p)).ToArray()));
        }
        return tests.Count switch
        {
            0 => null,
            1 => tests[0],
            _ => new AnyOfTest([.. tests]),
        };
    }

    /// <summary>Splits wildcard pieces into whitespace-separated terms, each given as its own pieces.</summary>
    internal static List<List<string>> QueryStringTerms(IReadOnlyList<string> pieces)
    {
        var terms = new List<List<string>>();
        var current = new List<string>();
        var piece = new StringBuilder();
        var hasContent = false;
        void Finish()
        {
            if (hasContent)
            {
                current.Add(piece.ToString());
                terms.Add(current);
            }
            current = [];
            piece.Clear();
            hasContent = false;
        }
        for (var p = 0; p < pieces.Count; p++)
        {
            foreach (var c in pieces[p])
            {
                if (char.IsWhiteSpace(c))
                {
                    Finish();
                    continue;
                }
                piece.Append(c);
                hasContent = true;
            }
            if (p < pieces.Count - 1)
            {
                current.Add(piece.ToString());
                piece.Clear();
                hasContent = true;
            }
        }
        Finish();
        return terms;
    }

    private ValueTest? RangeTestFor(Target target, KqlRange range)
    {
        var kind = FieldKinds.Of(target.Type);
        var name = target.SchemaPath;
        var text = range.Value.Kind switch
        {
            KqlLiteralKind.True => "true",
            KqlLiteralKind.False => "false",
            KqlLiteralKind.Null => "null",
            _ => range.Value.Text,
        };
        var span = range.Value.Span;
        var isLower = range.Operator is KqlRangeOperator.GreaterThan or KqlRangeOperator.GreaterThanOrEqual;
        var inclusive = range.Operator is KqlRangeOperator.GreaterThanOrEqual or KqlRangeOperator.LessThanOrEqual;
        switch (kind)
        {
            case FieldKind.Keyword:
                var bytes = Encoding.UTF8.GetBytes(text);
                return isLower ? new KeywordRangeTest(bytes, inclusive, null, false) : new KeywordRangeTest(null, false, bytes, inclusive);
            case FieldKind.Text:
                return isLower ? new TextRangeTest(text, inclusive, null, false) : new TextRangeTest(null, false, text, inclusive);
            case FieldKind.Integer or FieldKind.Decimal:
                if (!TryNumber(text, out var number))
                {
                    Error(span, $"'{text}' is not a number, and '{name}' is a {FieldTypes.MappingName(target.Type)} field: Elasticsearch rejects the query");
                    return null;
                }
                return isLower ? new NumberRangeTest(number, inclusive, null, false, kind == FieldKind.Integer)
                    : new NumberRangeTest(null, false, number, inclusive, kind == FieldKind.Integer);
            case FieldKind.Date or FieldKind.DateNanos:
                // gt and lte round up, gte and lt round down (ES range query, "Date math and rounding").
                var roundUp = range.Operator is KqlRangeOperator.GreaterThan or KqlRangeOperator.LessThanOrEqual;
                if (!KqlDateMath.TryParse(text, now, roundUp, out var instant))
                {
                    Error(span, $"'{text}' is not a date or date math, and '{name}' is a date field: Elasticsearch rejects the query");
                    return null;
                }
                var millis = kind == FieldKind.Date;
                return range.Operator switch
                {
                    KqlRangeOperator.GreaterThan => new DateRangeTest(instant + 1, null, millis),
                    KqlRangeOperator.GreaterThanOrEqual => new DateRangeTest(instant, null, millis),
                    KqlRangeOperator.LessThan => new DateRangeTest(null, instant - 1, millis),
                    _ => new DateRangeTest(null, instant, millis),
                };
            case FieldKind.Ip:
                if (text.Contains('/', StringComparison.Ordinal) || !IpTest.TryParseBlock(text, out var address, out _))
                {
                    Error(span, $"'{text}' is not an IP address, and '{name}' is an ip field: Elasticsearch rejects the query");
                    return null;
                }
                var lowest = new byte[16];
                var highest = Enumerable.Repeat((byte)0xFF, 16).ToArray();
                if (!inclusive && !Step(address, isLower ? 1 : -1))
                {
                    return null;
                }
                return isLower ? new IpTest(address, highest) : new IpTest(lowest, address);
            case FieldKind.Dynamic:
                var keyword = Encoding.UTF8.GetBytes(text);
                ValueTest stringTest = isLower ? new KeywordRangeTest(keyword, inclusive, null, false) : new KeywordRangeTest(null, false, keyword, inclusive);
                ValueTest? numberTest = TryNumber(text, out var n)
                    ? isLower ? new NumberRangeTest(n, inclusive, null, false, false) : new NumberRangeTest(null, false, n, inclusive, false)
                    : null;
                return new DynamicTest(stringTest, numberTest);
            default:
                Warn(range.Field.Span, $"'{name}' is a {FieldTypes.MappingName(target.Type)} field: a range does not apply to it");
                return null;
        }
    }

    // Adds or subtracts one from a 16-byte address; false when it would wrap.
    private static bool Step(byte[] address, int delta)
    {
        for (var i = address.Length - 1; i >= 0; i--)
        {
            var v = address[i] + delta;
            if (v is >= 0 and <= 255)
            {
                address[i] = (byte)v;
                return true;
            }
            address[i] = (byte)(delta > 0 ? 0 : 255);
        }
        return false;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Article(FieldType type) => FieldTypes.MappingName(type) is ['a' or 'e' or 'i' or 'o' or 'u', ..] ? "n" : "";

    private void Warn(SourceSpan span, string message) => diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, message, span));

    private void Error(SourceSpan span, string message) => diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, message, span));
}
