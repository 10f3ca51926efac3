using System.Globalization;
using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// Compiles the query DSL subset Kibana's alert views send (bool, term, terms, ids, range, match, match_phrase,
/// exists, wildcard, prefix, match_all, match_none, constant_score, query_string) into <see cref="QueryNode"/>s.
/// Anything else is a <see cref="DslException"/> naming the clause, as Elasticsearch refuses it.
/// </summary>
internal sealed class QueryParser(DateTimeOffset now)
{
    public QueryNode Parse(JsonElement query, string path)
    {
        if (query.ValueKind != JsonValueKind.Object)
        {
            throw new DslException("parsing_exception", $"[{path}] query malformed, must be an object, found {Describe(query)}");
        }
        JsonProperty? only = null;
        foreach (var p in query.EnumerateObject())
        {
            if (only is not null)
            {
                throw new DslException("parsing_exception", $"[{path}] malformed query, expected a single query but found [{only.Value.Name}] and [{p.Name}]");
            }
            only = p;
        }
        if (only is not { } clause)
        {
            return MatchAllQuery.All;
        }
        var name = clause.Name;
        var body = clause.Value;
        var here = path + "." + name;
        return name switch
        {
            "bool" => Bool(body, here),
            "term" => Term(body, here),
            "terms" => Terms(body, here),
            "ids" => Ids(body, here),
            "range" => Range(body, here),
            "match" => Match(body, here, phrase: false),
            "match_phrase" => Match(body, here, phrase: true),
            "exists" => new ExistsQuery(StringProperty(Object(body, here), "field", here)),
            "wildcard" => Wildcard(body, here, prefix: false),
            "prefix" => Wildcard(body, here, prefix: true),
            "match_all" => MatchAllQuery.All,
            "match_none" => new MatchAllQuery(false),
            "constant_score" => ConstantScore(body, here),
            "query_string" => QueryString(body, here),
            _ => throw new DslException("parsing_exception", $"unknown query [{name}] at [{path}]"),
        };
    }

    private BoolQuery Bool(JsonElement body, string path)
    {
        var must = new List<QueryNode>();
        var filter = new List<QueryNode>();
        var should = new List<QueryNode>();
        var mustNot = new List<QueryNode>();
        string? minimum = null;
        foreach (var p in Object(body, path).EnumerateObject())
        {
            var target = p.Name switch
            {
                "must" => must,
                "filter" => filter,
                "should" => should,
                "must_not" => mustNot,
                _ => null,
            };
            if (target is not null)
            {
                Clauses(p.Value, path + "." + p.Name, target);
            }
            else if (p.Name == "minimum_should_match")
            {
                minimum = p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String ? DslValues.Text(p.Value)
                    : throw new DslException("parsing_exception", $"[{path}.minimum_should_match] must be a number or a string");
            }
            else if (p.Name is not ("boost" or "_name" or "adjust_pure_negative"))
            {
                throw new DslException("parsing_exception", $"[bool] query does not support [{p.Name}] at [{path}]");
            }
        }
        var defaultMinimum = must.Count == 0 && filter.Count == 0 && should.Count > 0 ? 1 : 0;
        var min = minimum is null ? defaultMinimum : MinimumShouldMatch(minimum, should.Count, path);
        return new BoolQuery(must, filter, should, mustNot, min);
    }

    private static int MinimumShouldMatch(string text, int clauses, string path)
    {
        var percent = text.EndsWith('%');
        var digits = percent ? text[..^1] : text;
        if (!int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw new DslException("parsing_exception", $"[{path}.minimum_should_match] value [{text}] is not an integer or a percentage");
        }
        var count = percent ? clauses * Math.Abs(n) / 100 : Math.Abs(n);
        // A negative value is how many clauses may be missing.
        var result = n < 0 ? clauses - count : count;
        return Math.Clamp(result, 0, clauses);
    }

    private void Clauses(JsonElement value, string path, List<QueryNode> into)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                into.Add(Parse(item, $"{path}[{i++}]"));
            }
        }
        else
        {
            into.Add(Parse(value, path));
        }
    }

    private static TermsQuery Term(JsonElement body, string path)
    {
        var (field, value) = SingleField(body, path, "term");
        var caseInsensitive = false;
        if (value.ValueKind == JsonValueKind.Object)
        {
            JsonElement? inner = null;
            foreach (var p in value.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "value": inner = p.Value; break;
                    case "case_insensitive": caseInsensitive = p.Value.ValueKind == JsonValueKind.True; break;
                    case "boost" or "_name": break;
                    default: throw new DslException("parsing_exception", $"[term] query does not support [{p.Name}] at [{path}.{field}]");
                }
            }
            value = inner ?? throw new DslException("parsing_exception", $"[term] query on [{field}] has no [value] at [{path}]");
        }
        Scalar(value, $"{path}.{field}", "term");
        return new TermsQuery(field, [value.Clone()], caseInsensitive);
    }

    private static TermsQuery Terms(JsonElement body, string path)
    {
        string? field = null;
        JsonElement values = default;
        foreach (var p in Object(body, path).EnumerateObject())
        {
            if (p.Name is "boost" or "_name")
            {
                continue;
            }
            if (field is not null)
            {
                throw new DslException("parsing_exception", $"[terms] query does not support multiple fields, found [{field}] and [{p.Name}] at [{path}]");
            }
            field = p.Name;
            values = p.Value;
        }
        if (field is null)
        {
            throw new DslException("parsing_exception", $"[terms] query requires a field at [{path}]");
        }
        if (values.ValueKind != JsonValueKind.Array)
        {
            throw new DslException("parsing_exception", $"[terms] query on [{field}] needs an array of values (terms lookup is not supported) at [{path}]");
        }
        var list = new List<JsonElement>();
        foreach (var v in values.EnumerateArray())
        {
            Scalar(v, $"{path}.{field}", "terms");
            list.Add(v.Clone());
        }
        return new TermsQuery(field, list, false);
    }

    private static TermsQuery Ids(JsonElement body, string path)
    {
        var obj = Object(body, path);
        if (!obj.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            throw new DslException("parsing_exception", $"[ids] query needs [values], an array of ids, at [{path}]");
        }
        var list = new List<JsonElement>();
        foreach (var v in values.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.String)
            {
                throw new DslException("parsing_exception", $"[ids] values must be strings, found {Describe(v)} at [{path}.values]");
            }
            list.Add(v.Clone());
        }
        return new TermsQuery("_id", list, false);
    }

    private RangeQuery Range(JsonElement body, string path)
    {
        var (field, spec) = SingleField(body, path, "range");
        var here = $"{path}.{field}";
        if (spec.ValueKind != JsonValueKind.Object)
        {
            throw new DslException("parsing_exception", $"[range] query on [{field}] must be an object of bounds at [{path}]");
        }
        JsonElement? gt = null, gte = null, lt = null, lte = null;
        string? format = null;
        foreach (var p in spec.EnumerateObject())
        {
            switch (p.Name)
            {
                case "gt": gt = p.Value; break;
                case "gte": gte = p.Value; break;
                case "lt": lt = p.Value; break;
                case "lte": lte = p.Value; break;
                case "format": format = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                case "time_zone" or "boost" or "relation" or "_name": break;
                default: throw new DslException("parsing_exception", $"[range] query does not support [{p.Name}] at [{here}]");
            }
        }
        var bounds = new[] { gt, gte, lt, lte };
        var kind = KindOf(field, bounds, format);
        RangeBound? lower = gt is { } a ? Bound(a, here, "gt", kind, roundUp: true, inclusive: false)
            : gte is { } b ? Bound(b, here, "gte", kind, roundUp: false, inclusive: true) : null;
        RangeBound? upper = lt is { } c ? Bound(c, here, "lt", kind, roundUp: false, inclusive: false)
            : lte is { } d ? Bound(d, here, "lte", kind, roundUp: true, inclusive: true) : null;
        return new RangeQuery(field, kind, lower, upper);
    }

    private static RangeKind KindOf(string field, JsonElement?[] bounds, string? format)
    {
        if (DslValues.IsDateField(field) || format is not null)
        {
            return RangeKind.Date;
        }
        var sawNumber = false;
        foreach (var b in bounds)
        {
            if (b is not { } v || v.ValueKind == JsonValueKind.Null) continue;
            if (v.ValueKind == JsonValueKind.String)
            {
                var s = v.GetString()!;
                if (s.StartsWith("now", StringComparison.Ordinal) || s.Contains("||", StringComparison.Ordinal)
                    || (DslValues.TryDate(s, out _) && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                {
                    return RangeKind.Date;
                }
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    return RangeKind.Text;
                }
            }
            sawNumber = true;
        }
        return sawNumber ? RangeKind.Number : RangeKind.Text;
    }

    private RangeBound? Bound(JsonElement value, string path, string name, RangeKind kind, bool roundUp, bool inclusive)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        switch (kind)
        {
            case RangeKind.Date:
                if (value.ValueKind == JsonValueKind.Number)
                {
                    return new RangeBound(Math.Floor(value.GetDouble()), "", inclusive);
                }
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw new DslException("parse_exception", $"failed to parse date field {Describe(value)} at [{path}.{name}]");
                }
                if (!DateMath.TryParse(value.GetString()!, now, roundUp, out var ms, out var error))
                {
                    throw new DslException("parse_exception", $"{error} at [{path}.{name}]");
                }
                return new RangeBound(ms, "", inclusive);
            case RangeKind.Number:
                if (!DslValues.TryNumber(value, out var n))
                {
                    throw new DslException("number_format_exception", $"For input string: {Describe(value)} at [{path}.{name}]");
                }
                return new RangeBound(n, "", inclusive);
            default:
                return DslValues.Text(value) is { } s ? new RangeBound(0, s, inclusive)
                    : throw new DslException("parsing_exception", $"[range] bound must be a value, found {Describe(value)} at [{path}.{name}]");
        }
    }

    private static MatchQuery Match(JsonElement body, string path, bool phrase)
    {
        var name = phrase ? "match_phrase" : "match";
        var (field, value) = SingleField(body, path, name);
        var all = false;
        if (value.ValueKind == JsonValueKind.Object)
        {
            JsonElement? inner = null;
            foreach (var p in value.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "query": inner = p.Value; break;
                    case "operator":
                        all = p.Value.ValueKind == JsonValueKind.String && string.Equals(p.Value.GetString(), "and", StringComparison.OrdinalIgnoreCase);
                        break;
                    case "boost" or "_name" or "analyzer" or "slop" or "lenient" or "zero_terms_query" or "fuzziness"
                        or "minimum_should_match" or "auto_generate_synonyms_phrase_query":
                        break;
                    default: throw new DslException("parsing_exception", $"[{name}] query does not support [{p.Name}] at [{path}.{field}]");
                }
            }
            value = inner ?? throw new DslException("parsing_exception", $"[{name}] query on [{field}] has no [query] at [{path}]");
        }
        Scalar(value, $"{path}.{field}", name);
        return new MatchQuery(field, value.Clone(), phrase, all);
    }

    private static WildcardQuery Wildcard(JsonElement body, string path, bool prefix)
    {
        var name = prefix ? "prefix" : "wildcard";
        var (field, value) = SingleField(body, path, name);
        var caseInsensitive = false;
        string? pattern = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in value.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "value" or "wildcard": pattern = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                    case "case_insensitive": caseInsensitive = p.Value.ValueKind == JsonValueKind.True; break;
                    case "boost" or "_name" or "rewrite": break;
                    default: throw new DslException("parsing_exception", $"[{name}] query does not support [{p.Name}] at [{path}.{field}]");
                }
            }
        }
        if (pattern is null)
        {
            throw new DslException("parsing_exception", $"[{name}] query on [{field}] needs a string value at [{path}]");
        }
        if (prefix)
        {
            pattern = pattern.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal).Replace("?", "\\?", StringComparison.Ordinal) + "*";
        }
        return new WildcardQuery(field, pattern, caseInsensitive);
    }

    private QueryNode ConstantScore(JsonElement body, string path)
    {
        var obj = Object(body, path);
        if (!obj.TryGetProperty("filter", out var filter))
        {
            throw new DslException("parsing_exception", $"[constant_score] requires a 'filter' element at [{path}]");
        }
        return new BoolQuery([], [Parse(filter, path + ".filter")], [], [], 0);
    }

    private static QueryNode QueryString(JsonElement body, string path)
    {
        var obj = Object(body, path);
        if (!obj.TryGetProperty("query", out var q) || q.ValueKind != JsonValueKind.String)
        {
            throw new DslException("parsing_exception", $"[query_string] must be provided with a [query] string at [{path}]");
        }
        var and = obj.TryGetProperty("default_operator", out var op) && op.ValueKind == JsonValueKind.String
            && string.Equals(op.GetString(), "and", StringComparison.OrdinalIgnoreCase);
        string? defaultField = obj.TryGetProperty("default_field", out var df) && df.ValueKind == JsonValueKind.String && df.GetString() != "*" ? df.GetString() : null;
        return new QueryStringParser(q.GetString()!, defaultField, and, path).Parse();
    }

    private static (string Field, JsonElement Value) SingleField(JsonElement body, string path, string query)
    {
        string? field = null;
        JsonElement value = default;
        foreach (var p in Object(body, path).EnumerateObject())
        {
            if (field is not null)
            {
                throw new DslException("parsing_exception", $"[{query}] query doesn't support multiple fields, found [{field}] and [{p.Name}] at [{path}]");
            }
            field = p.Name;
            value = p.Value;
        }
        return field is null ? throw new DslException("parsing_exception", $"[{query}] query requires a field at [{path}]") : (field, value);
    }

    private static void Scalar(JsonElement value, string path, string query)
    {
        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
        {
            throw new DslException("parsing_exception", $"[{query}] query value must be a string, number or boolean, found {Describe(value)} at [{path}]");
        }
    }

    private static JsonElement Object(JsonElement body, string path) =>
        body.ValueKind == JsonValueKind.Object ? body
            : throw new DslException("parsing_exception", $"[{path}] must be an object, found {Describe(body)}");

    private static string StringProperty(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s
            : throw new DslException("parsing_exception", $"[{path}] requires a [{name}] string");

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "[" + value.GetString() + "]",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => "[" + value.GetRawText() + "]",
    };
}
