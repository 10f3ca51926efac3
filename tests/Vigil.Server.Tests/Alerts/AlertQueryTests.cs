using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Server.Alerts;
using Vigil.Server.Alerts.Search;

namespace Vigil.Server.Tests.Alerts;

/// <summary>
/// Every DSL construct against the five hand-made alerts of <see cref="AlertSamples.Hand"/>; the expected labels are
/// worked out from the fields listed there (now = 14:00).
/// </summary>
public sealed class AlertQueryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteAlertStore _store;
    private readonly Dictionary<string, string> _labelOf;
    private readonly Dictionary<string, string> _idOf;

    public AlertQueryTests()
    {
        var hand = AlertSamples.Hand();
        _store = new SqliteAlertStore(_dir.File("alerts.db"));
        _store.WriteNew(new[] { "a1", "a2", "b3", "b4", "a5" }.Select(l => hand[l]).ToList());
        _labelOf = hand.ToDictionary(p => p.Value.Id, p => p.Key);
        _idOf = hand.ToDictionary(p => p.Key, p => p.Value.Id);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private string Labels(string body) => string.Join(",", Response(body)["hits"]!["hits"]!.AsArray().Select(h => _labelOf[h!["_id"]!.GetValue<string>()]));

    private string Query(string query) => Labels($$"""{"query": {{query}}, "size": 100}""");

    private JsonNode Response(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var request = SearchRequestParser.Parse(doc.RootElement, AlertSamples.Now);
        var search = new AlertSearch(_store);
        var matches = search.Matching(request.Query);
        try
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                SearchResponseWriter.Write(writer, request, matches, search.Sorted(matches, request.Sort), 0, request.Query.Scores);
            }
            return JsonNode.Parse(buffer.ToArray())!;
        }
        finally
        {
            matches.ForEach(m => m.Dispose());
        }
    }

    [Theory]
    [InlineData("""{"term": {"host.name": "web-1"}}""", "a1,b3")]
    [InlineData("""{"term": {"kibana.alert.severity": {"value": "low"}}}""", "b3,b4")]
    [InlineData("""{"term": {"host.name": {"value": "WEB-1", "case_insensitive": true}}}""", "a1,b3")]
    [InlineData("""{"term": {"host.name": "WEB-1"}}""", "")]
    [InlineData("""{"term": {"kibana.alert.risk_score": 21}}""", "b3,b4")]
    [InlineData("""{"term": {"kibana.alert.risk_score": "73"}}""", "a1,a2,a5")]
    [InlineData("""{"term": {"kibana.alert.workflow_status": "open"}}""", "a1,a2,b3,b4,a5")]
    [InlineData("""{"terms": {"user.name": ["root", "bob"]}}""", "a1,b3,a5")]
    [InlineData("""{"terms": {"kibana.alert.rule.name": ["Beta rule"]}}""", "b3,b4")]
    public void Term_and_terms(string query, string expected) => Assert.Equal(expected, Query(query));

    [Fact]
    public void Ids_and_terms_on_id()
    {
        Assert.Equal("a2,b4", Query($$$"""{"ids": {"values": ["{{{_idOf["b4"]}}}", "{{{_idOf["a2"]}}}", "zzz"]}}"""));
        Assert.Equal("a5", Query($$$"""{"terms": {"_id": ["{{{_idOf["a5"]}}}"]}}"""));
        Assert.Equal("b3", Query($$$"""{"term": {"kibana.alert.uuid": "{{{_idOf["b3"]}}}"}}"""));
    }

    [Theory]
    [InlineData("""{"range": {"@timestamp": {"gte": "now-2h"}}}""", "b3,b4,a5")]
    [InlineData("""{"range": {"@timestamp": {"gt": "2026-01-01T11:01:00Z"}}}""", "b3,b4,a5")]
    [InlineData("""{"range": {"@timestamp": {"lte": "2026-01-01T11:01:00.000Z"}}}""", "a1,a2")]
    [InlineData("""{"range": {"@timestamp": {"lt": "now/d"}}}""", "")]
    [InlineData("""{"range": {"@timestamp": {"lte": "now-3h/h"}}}""", "a1,a2")]
    [InlineData("""{"range": {"@timestamp": {"gte": "now-3h/h"}}}""", "a2,b3,b4,a5")]
    [InlineData("""{"range": {"@timestamp": {"gt": "now-3h/h"}}}""", "b3,b4,a5")]
    [InlineData("""{"range": {"@timestamp": {"lte": "2026-01-01"}}}""", "a1,a2,b3,b4,a5")]
    [InlineData("""{"range": {"@timestamp": {"gte": "2026-01-02"}}}""", "")]
    [InlineData("""{"range": {"@timestamp": {"gte": "2026-01-01T12:00:00Z||+1h", "lte": "now"}}}""", "b4,a5")]
    [InlineData("""{"range": {"@timestamp": {"gte": 1767268800000}}}""", "b3,b4,a5")]
    [InlineData("""{"range": {"kibana.alert.original_time": {"gte": "2026-01-01T12:00:00Z", "lt": "2026-01-01T13:00:00Z"}}}""", "b3")]
    [InlineData("""{"range": {"kibana.alert.risk_score": {"gte": 50}}}""", "a1,a2,a5")]
    [InlineData("""{"range": {"kibana.alert.risk_score": {"lt": "50", "gt": 0}}}""", "b3,b4")]
    [InlineData("""{"range": {"host.name": {"gte": "w"}}}""", "a1,a2,b3")]
    public void Range(string query, string expected) => Assert.Equal(expected, Query(query));

    [Theory]
    [InlineData("""{"match": {"message": "connected"}}""", "a1,a5")]
    [InlineData("""{"match": {"message": "Cat PAYLOAD"}}""", "a1,a2")]
    [InlineData("""{"match": {"message": {"query": "connected out", "operator": "and"}}}""", "a5")]
    [InlineData("""{"match": {"process.name": "cat"}}""", "a1,b4")]
    [InlineData("""{"match": {"host.name": "web"}}""", "")]
    [InlineData("""{"match_phrase": {"message": "connected to"}}""", "a1")]
    [InlineData("""{"match_phrase": {"message": {"query": "to connected"}}}""", "")]
    [InlineData("""{"match_phrase": {"kibana.alert.workflow_status": "open"}}""", "a1,a2,b3,b4,a5")]
    public void Match_and_match_phrase(string query, string expected) => Assert.Equal(expected, Query(query));

    [Theory]
    [InlineData("""{"exists": {"field": "user.name"}}""", "a1,a2,b3,a5")]
    [InlineData("""{"exists": {"field": "user"}}""", "a1,a2,b3,a5")]
    [InlineData("""{"bool": {"must_not": {"exists": {"field": "user.name"}}}}""", "b4")]
    [InlineData("""{"bool": {"must_not": [{"exists": {"field": "kibana.alert.building_block_type"}}]}}""", "a1,a2,b3,b4,a5")]
    [InlineData("""{"match_all": {}}""", "a1,a2,b3,b4,a5")]
    [InlineData("""{"match_none": {}}""", "")]
    [InlineData("""{"wildcard": {"host.name": "web-?"}}""", "a1,a2,b3")]
    [InlineData("""{"wildcard": {"process.name": {"value": "PY*", "case_insensitive": true}}}""", "a5")]
    [InlineData("""{"prefix": {"host.name": "db"}}""", "b4,a5")]
    [InlineData("""{"constant_score": {"filter": {"term": {"user.name": "root"}}}}""", "a1,a5")]
    public void Exists_match_all_wildcard_prefix(string query, string expected) => Assert.Equal(expected, Query(query));

    [Theory]
    [InlineData("""{"bool": {"must": {"term": {"kibana.alert.rule.name": "Alpha rule"}}, "filter": [{"range": {"@timestamp": {"gte": "now-2h"}}}]}}""", "a5")]
    [InlineData("""{"bool": {"should": [{"term": {"host.name": "web-2"}}, {"term": {"host.name": "db-1"}}]}}""", "a2,b4,a5")]
    [InlineData("""{"bool": {"must": [{"term": {"kibana.alert.severity": "high"}}], "should": [{"term": {"user.name": "root"}}]}}""", "a1,a2,a5")]
    [InlineData("""{"bool": {"must": [{"term": {"kibana.alert.severity": "high"}}], "should": [{"term": {"user.name": "root"}}], "minimum_should_match": 1}}""", "a1,a5")]
    [InlineData("""{"bool": {"should": [{"term": {"user.name": "root"}}, {"term": {"host.name": "web-1"}}, {"term": {"process.name": "cat"}}], "minimum_should_match": "2"}}""", "a1")]
    [InlineData("""{"bool": {"should": [{"term": {"user.name": "root"}}, {"term": {"host.name": "web-1"}}, {"term": {"process.name": "cat"}}], "minimum_should_match": "-1"}}""", "a1")]
    [InlineData("""{"bool": {"should": [{"term": {"user.name": "root"}}, {"term": {"host.name": "web-1"}}], "minimum_should_match": "50%"}}""", "a1,b3,a5")]
    [InlineData("""{"bool": {"must_not": {"term": {"kibana.alert.severity": "low"}}}}""", "a1,a2,a5")]
    [InlineData("""{"bool": {"filter": [{"bool": {"should": [{"match_phrase": {"kibana.alert.workflow_status": "open"}}, {"match_phrase": {"kibana.alert.workflow_status": "acknowledged"}}], "minimum_should_match": 1}}, {"term": {"host.name": "db-1"}}], "must": [], "should": [], "must_not": []}}""", "b4,a5")]
    [InlineData("""{"bool": {}}""", "a1,a2,b3,b4,a5")]
    public void Bool(string query, string expected) => Assert.Equal(expected, Query(query));

    [Theory]
    [InlineData("host.name:web-1 AND user.name:bob", "b3")]
    [InlineData("process.name:cat OR process.name:nc", "a1,b3,b4")]
    [InlineData("process.name:cat process.name:nc", "a1,b3,b4")]
    [InlineData("NOT host.name:web-1", "a2,b4,a5")]
    [InlineData("_exists_:user.name", "a1,a2,b3,a5")]
    [InlineData("host.name:web*", "a1,a2,b3")]
    [InlineData("payload", "a2")]
    [InlineData("message:\"connected to\"", "a1")]
    [InlineData("(host.name:db-1) AND NOT user.name:root", "b4")]
    [InlineData("host.name:db-1 -user.name:root", "b4")]
    [InlineData("host.name:db-1 OR host.name:web-2 AND user.name:alice", "a2")]
    public void Query_string(string text, string expected) =>
        Assert.Equal(expected, Query(JsonSerializer.Serialize(new { query_string = new { query = text } })));

    [Fact]
    public void Query_string_default_operator_and()
    {
        var body = JsonSerializer.Serialize(new { query_string = new { query = "host.name:db-1 -user.name:root", default_operator = "AND" } });
        Assert.Equal("b4", Query(body));
    }

    [Theory]
    [InlineData("""[{"@timestamp": "desc"}, {"kibana.alert.rule.name": "asc"}]""", "a5,b4,b3,a2,a1")]
    [InlineData("""[{"user.name": {"order": "asc"}}]""", "a2,b3,a1,a5,b4")]
    [InlineData("""[{"user.name": {"order": "asc", "missing": "_first"}}]""", "b4,a2,b3,a1,a5")]
    [InlineData("""[{"user.name": {"order": "desc", "unmapped_type": "keyword"}}]""", "a1,a5,b3,a2,b4")]
    [InlineData("""["kibana.alert.risk_score", {"@timestamp": "desc"}]""", "b4,b3,a5,a2,a1")]
    [InlineData("""{"kibana.alert.original_time": "asc"}""", "a1,a2,b3,b4,a5")]
    public void Sort(string sort, string expected) => Assert.Equal(expected, Labels($$"""{"sort": {{sort}}, "size": 10}"""));

    [Fact]
    public void Sorted_hits_carry_their_sort_values_and_no_score()
    {
        var response = Response("""{"sort": [{"@timestamp": "asc"}, "kibana.alert.rule.name"], "size": 1}""");
        var hit = response["hits"]!["hits"]![0]!;
        // 2026-01-01T10:01:00Z as epoch ms, as Elasticsearch returns a date sort value.
        Assert.Equal(1767261660000L, hit["sort"]![0]!.GetValue<long>());
        Assert.Equal("Alpha rule", hit["sort"]![1]!.GetValue<string>());
        Assert.Null(hit["_score"]);
        Assert.Null(response["hits"]!["max_score"]);
    }

    [Fact]
    public void Size_and_from_page_through_the_sorted_hits()
    {
        Assert.Equal("a2,b3", Labels("""{"sort": [{"@timestamp": "asc"}], "size": 2, "from": 1}"""));
        Assert.Equal("", Labels("""{"sort": [{"@timestamp": "asc"}], "size": 2, "from": 5}"""));
        var response = Response("""{"query": {"term": {"kibana.alert.severity": "high"}}, "size": 0}""");
        Assert.Empty(response["hits"]!["hits"]!.AsArray());
        Assert.Equal(3, response["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.Equal("eq", response["hits"]!["total"]!["relation"]!.GetValue<string>());
        // Without sort, ten hits by default, in the store's order.
        Assert.Equal("a1,a2,b3,b4,a5", Labels("""{"query": {"match_all": {}}}"""));
    }

    [Fact]
    public void Track_total_hits_caps_or_drops_the_total()
    {
        var capped = Response("""{"track_total_hits": 2, "size": 0}""");
        Assert.Equal(2, capped["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.Equal("gte", capped["hits"]!["total"]!["relation"]!.GetValue<string>());
        var exact = Response("""{"track_total_hits": true, "size": 0}""");
        Assert.Equal(5, exact["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.Null(Response("""{"track_total_hits": false, "size": 0}""")["hits"]!["total"]);
    }

    [Fact]
    public void Source_false_includes_and_excludes()
    {
        var none = Response($$$"""{"query": {"ids": {"values": ["{{{_idOf["a1"]}}}"]}}, "_source": false}""");
        Assert.Null(none["hits"]!["hits"]![0]!["_source"]);

        var some = Response($$$"""{"query": {"ids": {"values": ["{{{_idOf["a1"]}}}"]}}, "_source": ["host.name", "kibana.alert.rule.name"]}""");
        var expected = JsonNode.Parse("""{"kibana.alert.rule.name": "Alpha rule", "host": {"name": "web-1"}}""");
        Assert.True(JsonNode.DeepEquals(expected, some["hits"]!["hits"]![0]!["_source"]), some.ToJsonString());

        var wildcard = Response($$$"""{"query": {"ids": {"values": ["{{{_idOf["b4"]}}}"]}}, "_source": {"includes": ["kibana.alert.rule.*"], "excludes": ["kibana.alert.rule.parameters", "kibana.alert.rule.note", "kibana.alert.rule.threat*"]}}""");
        var source = wildcard["hits"]!["hits"]![0]!["_source"]!.AsObject();
        Assert.Equal("Beta rule", source["kibana.alert.rule.name"]!.GetValue<string>());
        Assert.False(source.ContainsKey("kibana.alert.rule.parameters"));
        Assert.False(source.ContainsKey("kibana.alert.rule.note"));
        Assert.False(source.ContainsKey("host"));
        Assert.All(source, p => Assert.StartsWith("kibana.alert.rule.", p.Key, StringComparison.Ordinal));
    }

    [Fact]
    public void Hits_are_in_elasticsearch_shape()
    {
        var response = Response("""{"query": {"term": {"host.name": "web-2"}}}""");
        Assert.False(response["timed_out"]!.GetValue<bool>());
        Assert.Equal(1, response["_shards"]!["successful"]!.GetValue<int>());
        var hit = response["hits"]!["hits"]![0]!;
        Assert.Equal(".internal.alerts-security.alerts-default-000001", hit["_index"]!.GetValue<string>());
        Assert.Equal(_idOf["a2"], hit["_id"]!.GetValue<string>());
        Assert.Equal(1.0, hit["_score"]!.GetValue<double>());
        Assert.Equal("web-2", hit["_source"]!["host"]!["name"]!.GetValue<string>());
        // A filter only: Elasticsearch scores 0.
        var filtered = Response("""{"query": {"bool": {"filter": {"term": {"host.name": "web-2"}}}}}""");
        Assert.Equal(0.0, filtered["hits"]!["hits"]![0]!["_score"]!.GetValue<double>());
    }

    [Fact]
    public void Terms_aggregations_with_sub_aggregations_and_cardinality()
    {
        var response = Response("""
            {"size": 0, "aggs": {
              "rules": {"terms": {"field": "kibana.alert.rule.name"}, "aggs": {"hosts": {"terms": {"field": "host.name", "size": 2}}}},
              "hostCount": {"cardinality": {"field": "host.name"}},
              "byRisk": {"terms": {"field": "kibana.alert.risk_score", "order": {"_key": "asc"}}}}}
            """);
        var aggs = response["aggregations"]!;
        var rules = aggs["rules"]!["buckets"]!.AsArray();
        Assert.Equal(["Alpha rule:3", "Beta rule:2"], rules.Select(b => $"{b!["key"]}:{b["doc_count"]}"));
        // Alpha's hosts: db-1, web-1, web-2 once each; ties by key; size 2 leaves one document out.
        var alphaHosts = rules[0]!["hosts"]!;
        Assert.Equal(["db-1", "web-1"], alphaHosts["buckets"]!.AsArray().Select(b => b!["key"]!.GetValue<string>()));
        Assert.Equal(1, alphaHosts["sum_other_doc_count"]!.GetValue<int>());
        Assert.Equal(3, aggs["hostCount"]!["value"]!.GetValue<int>());
        Assert.Equal(["21:2", "73:3"], aggs["byRisk"]!["buckets"]!.AsArray().Select(b => $"{b!["key"]}:{b["doc_count"]}"));
    }

    [Theory]
    [InlineData("""{"query": {"foo": {}}}""", "parsing_exception", "[foo]")]
    [InlineData("""{"query": {"term": {"a": "x", "b": "y"}}}""", "parsing_exception", "[b]")]
    [InlineData("""{"query": {"bool": {"shoulds": []}}}""", "parsing_exception", "[shoulds]")]
    [InlineData("""{"query": {"bool": {"must": [{"term": {"a": "x"}}, {"nope": {}}]}}}""", "parsing_exception", "query.bool.must[1]")]
    [InlineData("""{"query": {"range": {"@timestamp": {"gte": "now-3x"}}}}""", "parse_exception", "now-3x")]
    [InlineData("""{"query": {"range": {"@timestamp": {"gte": "yesterday"}}}}""", "parse_exception", "yesterday")]
    [InlineData("""{"query": {"range": {"kibana.alert.risk_score": {"gte": 1, "between": 2}}}}""", "parsing_exception", "[between]")]
    [InlineData("""{"query": {"term": {"host.name": {"val": "x"}}}}""", "parsing_exception", "[val]")]
    [InlineData("""{"query": {"terms": {"host.name": "web-1"}}}""", "parsing_exception", "[host.name]")]
    [InlineData("""{"query": {"exists": {}}}""", "parsing_exception", "[field]")]
    [InlineData("""{"query": {"query_string": {"query": "(host.name:web-1"}}}""", "query_shard_exception", "missing [)]")]
    [InlineData("""{"query": {"query_string": {"query": "risk:[1 TO 5]"}}}""", "query_shard_exception", "range syntax")]
    [InlineData("""{"query": []}""", "parsing_exception", "[query]")]
    [InlineData("""{"size": 20000}""", "illegal_argument_exception", "Result window is too large")]
    [InlineData("""{"size": -1}""", "illegal_argument_exception", "[size]")]
    [InlineData("""{"sort": [{"@timestamp": "up"}]}""", "parsing_exception", "[up]")]
    [InlineData("""{"aggs": {"x": {"avg": {"field": "kibana.alert.risk_score"}}}}""", "parsing_exception", "[avg]")]
    [InlineData("""{"aggs": {"x": {"terms": {"size": 3}}}}""", "illegal_argument_exception", "field")]
    [InlineData("""{"track_total_hits": "many"}""", "parsing_exception", "[track_total_hits]")]
    [InlineData("""{"_source": 3}""", "parsing_exception", "[_source]")]
    [InlineData("""{"include_attacks": true}""", "validation_exception", "at least 1 children")]
    public void Bad_requests_are_refused_naming_the_bad_part(string body, string type, string named)
    {
        var error = Assert.Throws<DslException>(() => Response(body));
        Assert.Equal(type, error.Type);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
