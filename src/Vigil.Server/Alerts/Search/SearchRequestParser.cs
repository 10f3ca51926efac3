using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// Reads a <c>signals/search</c> body: <c>query</c>, <c>sort</c>, <c>size</c>, <c>from</c>, <c>_source</c>,
/// <c>track_total_hits</c>, <c>aggs</c>. Other keys are dropped, as Kibana's route schema drops them before the search.
/// </summary>
internal static class SearchRequestParser
{
    /// <summary>Elasticsearch's <c>index.max_result_window</c>.</summary>
    public const int MaxResultWindow = 10_000;

    public static SearchRequest Parse(JsonElement body, DateTimeOffset now)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new DslException("parsing_exception", $"the request body must be a JSON object, found {QueryParser.Describe(body)}");
        }
        QueryNode query = MatchAllQuery.All;
        IReadOnlyList<SortClause> sort = [];
        var size = 10;
        var from = 0;
        var source = SourceFilter.Whole;
        long? track = 10_000;
        IReadOnlyList<TermsAggregation> aggs = [];
        var known = 0;
        foreach (var p in body.EnumerateObject())
        {
            switch (p.Name)
            {
                case "query": query = new QueryParser(now).Parse(p.Value, "query"); known++; break;
                case "sort": sort = Sort(p.Value); known++; break;
                case "size": size = Integer(p.Value, "size"); known++; break;
                case "from": from = Integer(p.Value, "from"); break;
                case "_source": source = Source(p.Value); known++; break;
                case "track_total_hits": track = Track(p.Value); known++; break;
                case "aggs" or "aggregations": aggs = Aggregations(p.Value, p.Name); known++; break;
                case "fields": known++; break;
                case "runtime_mappings":
                    if (p.Value.ValueKind == JsonValueKind.Object && p.Value.EnumerateObject().Any())
                    {
                        throw new DslException("illegal_argument_exception", "[runtime_mappings] are not supported by Vigil's alert store");
                    }
                    break;
            }
        }
        if (known == 0)
        {
            throw new DslException("validation_exception", "\"value\" must have at least 1 children");
        }
        if (size < 0 || from < 0)
        {
            throw new DslException("illegal_argument_exception", $"[{(size < 0 ? "size" : "from")}] parameter cannot be negative, found [{(size < 0 ? size : from)}]");
        }
        if ((long)from + size > MaxResultWindow)
        {
            throw new DslException("illegal_argument_exception",
                $"Result window is too large, from + size must be less than or equal to: [{MaxResultWindow}] but was [{(long)from + size}].");
        }
        return new SearchRequest(query, sort, size, from, source, track, aggs);
    }

    private static int Integer(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)) return n;
        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out n)) return n;
        throw new DslException("parsing_exception", $"[{name}] must be an integer, found {QueryParser.Describe(value)}");
    }

    private static long? Track(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => long.MaxValue,
        JsonValueKind.False => null,
        JsonValueKind.Number when value.TryGetInt64(out var n) && n >= -1 => n == -1 ? long.MaxValue : n,
        _ => throw new DslException("parsing_exception", $"[track_total_hits] must be a boolean or a non-negative integer, found {QueryParser.Describe(value)}"),
    };

    private static IReadOnlyList<SortClause> Sort(JsonElement value)
    {
        var result = new List<SortClause>();
        if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                SortItem(item, $"sort[{i++}]", result);
            }
        }
        else
        {
            SortItem(value, "sort", result);
        }
        return result;
    }

    private static void SortItem(JsonElement item, string path, List<SortClause> into)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            var field = item.GetString()!;
            into.Add(new SortClause(field, field == "_score", false));
            return;
        }
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new DslException("parsing_exception", $"[{path}] must be a field name or an object, found {QueryParser.Describe(item)}");
        }
        foreach (var p in item.EnumerateObject())
        {
            var descending = p.Name == "_score";
            var missingFirst = false;
            if (p.Value.ValueKind == JsonValueKind.String)
            {
                descending = Order(p.Value.GetString(), $"{path}.{p.Name}");
            }
            else if (p.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var option in p.Value.EnumerateObject())
                {
                    switch (option.Name)
                    {
                        case "order": descending = Order(option.Value.ValueKind == JsonValueKind.String ? option.Value.GetString() : null, $"{path}.{p.Name}.order"); break;
                        case "missing":
                            var missing = option.Value.ValueKind == JsonValueKind.String ? option.Value.GetString() : null;
                            missingFirst = missing switch
                            {
                                "_first" => true,
                                "_last" => false,
                                _ => throw new DslException("parsing_exception", $"[{path}.{p.Name}.missing] supports only _first and _last, found {QueryParser.Describe(option.Value)}"),
                            };
                            break;
                        case "unmapped_type" or "mode" or "format" or "numeric_type": break;
                        default: throw new DslException("parsing_exception", $"[{path}.{p.Name}] sort option [{option.Name}] is not supported");
                    }
                }
            }
            else
            {
                throw new DslException("parsing_exception", $"[{path}.{p.Name}] must be an order or an object of options");
            }
            into.Add(new SortClause(p.Name, descending, missingFirst));
        }
    }

    private static bool Order(string? order, string path) => order switch
    {
        "asc" => false,
        "desc" => true,
        _ => throw new DslException("parsing_exception", $"[{path}] unknown order [{order}], expected asc or desc"),
    };

    private static SourceFilter Source(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return SourceFilter.Whole;
            case JsonValueKind.False: return SourceFilter.None;
            case JsonValueKind.String: return new SourceFilter(true, [value.GetString()!], []);
            case JsonValueKind.Array: return new SourceFilter(true, Strings(value, "_source"), []);
            case JsonValueKind.Object:
                IReadOnlyList<string> includes = [];
                IReadOnlyList<string> excludes = [];
                foreach (var p in value.EnumerateObject())
                {
                    switch (p.Name)
                    {
                        case "includes" or "include": includes = p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Strings(p.Value, "_source." + p.Name); break;
                        case "excludes" or "exclude": excludes = p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Strings(p.Value, "_source." + p.Name); break;
                        default: throw new DslException("parsing_exception", $"[_source] does not support [{p.Name}]");
                    }
                }
                return new SourceFilter(true, includes, excludes);
            default:
                throw new DslException("parsing_exception", $"[_source] must be a boolean, a pattern, a list of patterns or an object, found {QueryParser.Describe(value)}");
        }
    }

    private static List<string> Strings(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new DslException("parsing_exception", $"[{path}] must be an array of strings");
        }
        var result = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            result.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new DslException("parsing_exception", $"[{path}] must be an array of strings, found {QueryParser.Describe(item)}"));
        }
        return result;
    }

    private static List<TermsAggregation> Aggregations(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new DslException("parsing_exception", $"[{path}] must be an object of named aggregations");
        }
        var result = new List<TermsAggregation>();
        foreach (var named in value.EnumerateObject())
        {
            var here = $"{path}.{named.Name}";
            if (named.Value.ValueKind != JsonValueKind.Object)
            {
                throw new DslException("parsing_exception", $"[{here}] must be an object");
            }
            string? type = null;
            JsonElement spec = default;
            List<TermsAggregation> sub = [];
            foreach (var p in named.Value.EnumerateObject())
            {
                if (p.Name is "aggs" or "aggregations")
                {
                    sub = Aggregations(p.Value, here + "." + p.Name);
                }
                else if (p.Name == "meta")
                {
                    continue;
                }
                else if (type is not null)
                {
                    throw new DslException("parsing_exception", $"Found two aggregation type definitions in [{named.Name}]: [{type}] and [{p.Name}]");
                }
                else
                {
                    type = p.Name;
                    spec = p.Value;
                }
            }
            if (type is not ("terms" or "cardinality" or "value_count"))
            {
                throw new DslException("parsing_exception", type is null ? $"Missing definition for aggregation [{named.Name}]" : $"Unknown aggregation type [{type}] at [{here}] (supported: terms, cardinality, value_count)");
            }
            if (type != "terms" && sub.Count > 0)
            {
                throw new DslException("aggregation_initialization_exception", $"Aggregator [{named.Name}] of type [{type}] cannot accept sub-aggregations");
            }
            result.Add(Aggregation(named.Name, type, spec, here + "." + type, sub));
        }
        return result;
    }

    private static TermsAggregation Aggregation(string name, string type, JsonElement spec, string path, List<TermsAggregation> sub)
    {
        if (spec.ValueKind != JsonValueKind.Object)
        {
            throw new DslException("parsing_exception", $"[{path}] must be an object");
        }
        string? field = null;
        var size = 10;
        var minDocCount = 1;
        var byKey = false;
        var ascending = false;
        foreach (var p in spec.EnumerateObject())
        {
            switch (p.Name)
            {
                case "field": field = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                case "size" when type == "terms": size = Integer(p.Value, path + ".size"); break;
                case "min_doc_count" when type == "terms": minDocCount = Integer(p.Value, path + ".min_doc_count"); break;
                case "order" when type == "terms":
                    if (p.Value.ValueKind != JsonValueKind.Object || p.Value.EnumerateObject().Count() != 1)
                    {
                        throw new DslException("parsing_exception", $"[{path}.order] must be one of {{\"_count\": …}} or {{\"_key\": …}}");
                    }
                    var order = p.Value.EnumerateObject().First();
                    byKey = order.Name switch
                    {
                        "_key" or "_term" => true,
                        "_count" => false,
                        _ => throw new DslException("aggregation_execution_exception", $"Invalid aggregation order path [{order.Name}] at [{path}.order]"),
                    };
                    ascending = !Order(order.Value.ValueKind == JsonValueKind.String ? order.Value.GetString() : null, $"{path}.order.{order.Name}");
                    break;
                case "shard_size" or "show_term_doc_count_error" or "precision_threshold" or "missing" or "execution_hint" or "collect_mode": break;
                default: throw new DslException("parsing_exception", $"[{type}] aggregation does not support [{p.Name}] at [{path}]");
            }
        }
        if (field is null)
        {
            throw new DslException("illegal_argument_exception", $"Required one of fields [field, script], but none were specified. ({path})");
        }
        if (size <= 0)
        {
            throw new DslException("illegal_argument_exception", $"[size] must be greater than 0. Found [{size}] in [{name}]");
        }
        return new TermsAggregation(name, type, field, size, minDocCount, byKey, ascending, sub);
    }
}
