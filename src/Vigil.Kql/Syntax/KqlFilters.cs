using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary>
/// Turns a rule's <c>filters</c> (Kibana filter-bar entries) into one query tree that is and-ed with the rule's query,
/// as Kibana's <c>buildEsQuery</c> does: disabled entries are left out, <c>meta.negate</c> entries become <c>not</c>,
/// and each entry's query DSL (<c>query</c>, or the entry itself in the legacy shape) is read for the clauses filters
/// use: <c>match_phrase</c>, <c>match</c>, <c>term</c>, <c>terms</c>, <c>exists</c>, <c>range</c>, <c>wildcard</c>,
/// <c>match_all</c> and <c>bool</c> (must, filter, should, must_not).
/// </summary>
public static class KqlFilters
{
    /// <summary>The filters as one tree (match-all when every entry is disabled); null with a reason when one cannot run.</summary>
    public static KqlNode? ToNode(JsonArray filters, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(filters);
        problem = null;
        var parts = new List<KqlNode>();
        foreach (var entry in filters)
        {
            if (entry is not JsonObject filter)
            {
                problem = "a filter entry is not an object";
                return null;
            }
            var meta = filter["meta"] as JsonObject;
            if (Flag(meta, "disabled"))
            {
                continue;
            }
            JsonObject? dsl = filter["query"] as JsonObject;
            if (dsl is null)
            {
                dsl = new JsonObject();
                foreach (var (key, value) in filter)
                {
                    if (key is not ("meta" or "$state" or "query"))
                    {
                        dsl[key] = value?.DeepClone();
                    }
                }
            }
            if (Clause(dsl, ref problem) is not { } node)
            {
                return null;
            }
            parts.Add(Flag(meta, "negate") ? new KqlNot(SourceSpan.None, node) : node);
        }
        return parts.Count switch
        {
            0 => MatchAll(),
            1 => parts[0],
            _ => new KqlAnd(SourceSpan.None, parts),
        };
    }

    private static bool Flag(JsonObject? o, string key) => o?[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static KqlNode MatchAll()
    {
        var star = Literal("*", false, wildcard: true);
        return new KqlMatch(SourceSpan.None, star, star);
    }

    private static KqlLiteral Literal(string text, bool quoted, bool wildcard = false) =>
        new(SourceSpan.None, text, quoted, KqlLiteralKind.Text, wildcard ? ["", ""] : default);

    private static KqlNode? Clause(JsonObject dsl, ref string? problem)
    {
        if (dsl.Count != 1)
        {
            problem = dsl.Count == 0 ? "an empty filter query" : $"a filter query with several clauses ({string.Join(", ", dsl.Select(p => p.Key))})";
            return null;
        }
        var (kind, body) = dsl.First();
        switch (kind)
        {
            case "match_all":
                return MatchAll();
            case "exists":
                if (body?["field"] is JsonValue f && f.TryGetValue<string>(out var field))
                {
                    return new KqlMatch(SourceSpan.None, Literal(field, true), Literal("*", false, wildcard: true));
                }
                break;
            case "match_phrase" or "match" or "term":
                if (Single(body, out var name, out var value) && Scalar(value, kind == "term" ? "value" : "query") is { } text)
                {
                    if (kind == "term" && value is JsonObject t && Flag(t, "case_insensitive"))
                    {
                        return new KqlFilterWildcard(SourceSpan.None, name, EscapeWildcard(text), true);
                    }
                    return new KqlMatch(SourceSpan.None, Literal(name, true), Literal(text, kind != "match"));
                }
                break;
            case "terms":
                if (Single(body, out var termsField, out var list) && list is JsonArray values)
                {
                    var alternatives = new List<KqlNode>();
                    foreach (var v in values)
                    {
                        if (Scalar(v, "value") is not { } s)
                        {
                            problem = "a terms filter value is not a string, number or boolean";
                            return null;
                        }
                        alternatives.Add(new KqlMatch(SourceSpan.None, Literal(termsField, true), Literal(s, true)));
                    }
                    return alternatives.Count == 1 ? alternatives[0] : new KqlOr(SourceSpan.None, alternatives);
                }
                break;
            case "wildcard":
                if (Single(body, out var wildcardField, out var pattern) && Scalar(pattern, "value") is { } p)
                {
                    var insensitive = pattern is JsonObject w && Flag(w, "case_insensitive");
                    return new KqlFilterWildcard(SourceSpan.None, wildcardField, p, insensitive);
                }
                break;
            case "range":
                if (Single(body, out var rangeField, out var bounds) && bounds is JsonObject b)
                {
                    var ranges = new List<KqlNode>();
                    foreach (var (op, bound) in b)
                    {
                        var rangeOp = op switch
                        {
                            "gt" => KqlRangeOperator.GreaterThan,
                            "gte" => KqlRangeOperator.GreaterThanOrEqual,
                            "lt" => KqlRangeOperator.LessThan,
                            "lte" => KqlRangeOperator.LessThanOrEqual,
                            _ => (KqlRangeOperator?)null,
                        };
                        if (rangeOp is null)
                        {
                            if (op is "format" or "time_zone" or "boost")
                            {
                                problem = op == "boost" ? null : $"range filter option '{op}' is not supported";
                                if (op == "boost")
                                {
                                    continue;
                                }
                                return null;
                            }
                            problem = $"unknown range filter option '{op}'";
                            return null;
                        }
                        if (Scalar(bound, "value") is not { } limit)
                        {
                            continue;
                        }
                        ranges.Add(new KqlRange(SourceSpan.None, Literal(rangeField, true), rangeOp.Value, Literal(limit, true)));
                    }
                    return ranges.Count switch
                    {
                        0 => MatchAll(),
                        1 => ranges[0],
                        _ => new KqlAnd(SourceSpan.None, ranges),
                    };
                }
                break;
            case "bool":
                if (body is JsonObject boolean)
                {
                    return Bool(boolean, ref problem);
                }
                break;
            default:
                problem = $"the '{kind}' filter query is not supported";
                return null;
        }
        problem ??= $"the '{kind}' filter query has an unexpected shape";
        return null;
    }

    private static KqlNode? Bool(JsonObject boolean, ref string? problem)
    {
        var must = new List<KqlNode>();
        var should = new List<KqlNode>();
        int? minimumShouldMatch = null;
        foreach (var (occur, clauses) in boolean)
        {
            if (occur == "minimum_should_match")
            {
                if (clauses is JsonValue m && m.TryGetValue<int>(out var n))
                {
                    minimumShouldMatch = n;
                    continue;
                }
                problem = "minimum_should_match must be a number";
                return null;
            }
            if (occur is "boost" or "_name")
            {
                continue;
            }
            var list = clauses is JsonArray array ? array.ToList() : [clauses];
            foreach (var clause in list)
            {
                if (clause is not JsonObject o || Clause(o, ref problem) is not { } node)
                {
                    problem ??= "a bool clause is not an object";
                    return null;
                }
                switch (occur)
                {
                    case "must" or "filter":
                        must.Add(node);
                        break;
                    case "must_not":
                        must.Add(new KqlNot(SourceSpan.None, node));
                        break;
                    case "should":
                        should.Add(node);
                        break;
                    default:
                        problem = $"unknown bool occurrence '{occur}'";
                        return null;
                }
            }
        }
        if (should.Count > 0)
        {
            // Should clauses beside must/filter ones are optional unless minimum_should_match says otherwise.
            if (minimumShouldMatch > 1)
            {
                problem = "minimum_should_match above 1 is not supported";
                return null;
            }
            if ((minimumShouldMatch ?? (must.Count == 0 ? 1 : 0)) == 1)
            {
                must.Add(should.Count == 1 ? should[0] : new KqlOr(SourceSpan.None, should));
            }
        }
        return must.Count switch
        {
            0 => MatchAll(),
            1 => must[0],
            _ => new KqlAnd(SourceSpan.None, must),
        };
    }

    private static bool Single(JsonNode? body, out string field, out JsonNode? value)
    {
        field = "";
        value = null;
        if (body is not JsonObject o || o.Count == 0)
        {
            return false;
        }
        foreach (var (key, v) in o)
        {
            if (key is "boost" or "_name")
            {
                continue;
            }
            if (field.Length > 0)
            {
                return false;
            }
            field = key;
            value = v;
        }
        return field.Length > 0;
    }

    private static string? Scalar(JsonNode? node, string key)
    {
        if (node is JsonObject o)
        {
            node = o[key];
        }
        if (node is not JsonValue v)
        {
            return null;
        }
        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    private static string EscapeWildcard(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '\\')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
