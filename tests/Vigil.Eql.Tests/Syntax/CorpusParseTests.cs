using Vigil.Eql.Syntax;
using Xunit.Abstractions;

namespace Vigil.Eql.Tests.Syntax;

/// <summary>
/// Every query of Elasticsearch's EQL QA suites and of the EQL detection rules must parse, and must survive
/// print → parse (equivalent tree) with print idempotent. None of the current ES QA cases is meant to fail parsing:
/// the suites only hold queries with expected results (the "failures" there are runtime shard failures). The legacy
/// suite, from an older Elasticsearch, has ten queries in syntax that Elasticsearch has since dropped (single-quoted
/// strings, '=' for equality, ?"..." strings; found by grepping the file); today's Elasticsearch rejects them and so
/// must we, each with its own message.
/// </summary>
public sealed class CorpusParseTests(ITestOutputHelper output)
{
    private const string SingleQuotes = "strings use double quotes";
    private const string Assign = "use '==' to compare values";
    private const string QuestionString = "use triple double quotes";

    private static readonly Dictionary<string, string> LegacyExpectedFailures = new()
    {
        ["#9"] = SingleQuotes,
        ["#10"] = Assign,
        ["#15"] = Assign,
        ["#21"] = QuestionString,
        ["#22"] = QuestionString,
        ["#23"] = QuestionString,
        ["#24"] = SingleQuotes,
        ["#25"] = SingleQuotes,
        ["#34"] = Assign,
        ["#35"] = Assign,
    };

    [Fact]
    public void LegacyQueriesInDroppedSyntaxFailWithTheirReason()
    {
        var legacy = SharedCorpus.ElasticsearchQueries().Where(q => q.Source == "legacy/test_queries_supported.toml").ToList();
        if (SharedCorpus.SharedFolder is null)
        {
            return;
        }
        foreach (var (name, reason) in LegacyExpectedFailures)
        {
            var query = legacy.Single(q => q.Name == name);
            var result = EqlParser.Parse(query.Query);
            Assert.False(result.Success, $"{query} should fail");
            Assert.StartsWith(reason, result.Diagnostics[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LegacySingleQuotedQueriesParseInTheEndgameDialect()
    {
        var legacy = SharedCorpus.ElasticsearchQueries().Where(q => q.Source == "legacy/test_queries_supported.toml").ToList();
        if (SharedCorpus.SharedFolder is null)
        {
            return;
        }
        var options = new EqlParserOptions { AllowSingleQuotedStrings = true };
        foreach (var name in new[] { "#9", "#24", "#25" })
        {
            var query = legacy.Single(q => q.Name == name);
            Assert.Null(RoundTrip.Check(query.Query, options));
        }
    }

    [Fact]
    public void ElasticsearchSuiteQueriesParseAndRoundTrip()
    {
        var all = SharedCorpus.ElasticsearchQueries();
        if (SharedCorpus.SharedFolder is null)
        {
            return;
        }
        var queries = all.Where(q => !(q.Source == "legacy/test_queries_supported.toml" && LegacyExpectedFailures.ContainsKey(q.Name)))
            .ToList();
        Assert.Equal(all.Count - LegacyExpectedFailures.Count, queries.Count);
        var failures = CheckAll(queries);
        failures.ForEach(output.WriteLine);
        output.WriteLine($"{queries.Count} Elasticsearch QA queries, {failures.Count} failures");
        Assert.True(all.Count >= 350, $"expected the whole suite, read {all.Count}");
        Assert.Empty(failures);
    }

    [Fact]
    public void DetectionRuleQueriesParseAndRoundTrip()
    {
        var queries = SharedCorpus.DetectionRuleQueries();
        if (SharedCorpus.SharedFolder is null)
        {
            return;
        }
        var failures = CheckAll(queries);
        failures.ForEach(output.WriteLine);
        output.WriteLine($"{queries.Count} EQL rule queries, {failures.Count} failures");
        Assert.Equal(1024, queries.Count);
        Assert.Empty(failures);
    }

    [Fact]
    public void DisabledElasticsearchQueriesParseUnlessTheyUseWhatElasticsearchRejects()
    {
        // test_queries.toml comments out 112 cases. All parse except those using array indexes (events[1].x) or
        // sequence fork, which Elasticsearch's parser itself rejects with these reasons.
        var queries = SharedCorpus.DisabledElasticsearchQueries();
        if (SharedCorpus.SharedFolder is null)
        {
            return;
        }
        var rejected = new List<string>();
        var passing = new List<CorpusQuery>();
        foreach (var query in queries)
        {
            var result = EqlParser.Parse(query.Query);
            if (result.Success)
            {
                passing.Add(query);
            }
            else
            {
                rejected.Add(result.Diagnostics[0].Message);
            }
        }
        output.WriteLine($"{queries.Count} disabled queries: {passing.Count} parse, {rejected.Count} rejected");
        Assert.Equal(112, queries.Count);
        Assert.Equal(9, rejected.Count(m => m == "array indexes are not supported"));
        Assert.Equal(1, rejected.Count(m => m.StartsWith("sequence 'fork' is only part of the Endgame dialect", StringComparison.Ordinal)));
        Assert.Equal(10, rejected.Count);
        Assert.Empty(CheckAll(passing));
        // The Endgame dialect reads every one of them.
        Assert.All(queries, query => Assert.True(EqlParser.Parse(query.Query, EqlParserOptions.Endgame).Success, query.Query));
    }

    private static List<string> CheckAll(IReadOnlyList<CorpusQuery> queries)
    {
        var failures = new List<string>();
        foreach (var query in queries)
        {
            if (RoundTrip.Check(query.Query) is { } problem)
            {
                failures.Add($"{query}: {problem}");
            }
        }
        return failures;
    }
}
