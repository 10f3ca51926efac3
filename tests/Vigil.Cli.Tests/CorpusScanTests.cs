using System.Text;
using Vigil.Cli.Commands;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;
using Vigil.Rules;
using Vigil.Simulation;

namespace Vigil.Cli.Tests;

/// <summary>
/// Every EQL rule of the detection-rules corpus loads into <c>vigil scan</c> and runs over generated Elastic Defend
/// data without a rule failing to compile or the scan failing (the corpus is read from ../shared when present).
/// </summary>
public sealed class CorpusScanTests
{
    // The corpus's rules and building blocks that <paramref name="wanted"/> selects, prepared, and kept when
    // <paramref name="keep"/> says so, in file order.
    private static List<PreparedRule> PreparedCorpusRules(string corpus, Func<Vigil.Rules.Rule, bool> wanted, Func<PreparedRule, bool> keep)
    {
        var rules = new List<PreparedRule>();
        var problems = new List<string>();
        foreach (var file in RuleLoader.Load([Path.Combine(corpus, "rules"), Path.Combine(corpus, "rules_building_block")]))
        {
            foreach (var loaded in file.Rules)
            {
                if (loaded.Rule is { } rule && wanted(rule) && RulePreparer.Prepare(rule, problems) is { } prepared && keep(prepared))
                {
                    rules.Add(prepared);
                }
            }
        }
        return rules;
    }

    private static string? CorpusFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "detection-rules");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
            dir = dir.Parent;
        }
        return null;
    }

    [Fact]
    public void EveryEqlRuleOfTheCorpusRunsOverGeneratedDefendData()
    {
        var corpus = CorpusFolder();
        if (corpus is null)
        {
            return; // The shared corpus is not beside this checkout.
        }
        var work = Directory.CreateTempSubdirectory("vigil-corpus-scan-");
        try
        {
            var events = Path.Combine(work.FullName, "defend.ndjson");
            using (var file = File.Create(events))
            {
                new TelemetryGenerator(new SimulationOptions { Hosts = 3, Events = 1_500, Seed = 5, AttackRate = 500 }).Generate(file);
            }
            using var stdout = new MemoryStream();
            using var stderr = new StringWriter();
            var code = ScanCommand.Run(new ScanCommand.ScanArguments
            {
                Rules = [Path.Combine(corpus, "rules"), Path.Combine(corpus, "rules_building_block")],
                Events = [events],
                Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z"),
                Stats = true,
                Verbose = true,
            }, stdout, stderr);

            var diagnostics = stderr.ToString();
            Assert.Equal(0, code);
            // Other rule types are reported as not runnable by scan; no EQL or KQL rule may fail to compile or run.
            var failures = diagnostics.Split('\n').Where(line => line.Contains("cannot run", StringComparison.Ordinal)).ToList();
            Assert.Empty(failures);
            // 1,024 EQL rules, the 454 KQL query rules and, by `type` (grep), 241 new_terms, 28 threshold and 6 threat_match
            // rules run (1,753); the other 315 rule files are 209 esql and 106 machine_learning.
            Assert.Contains("[+] 1753 rules loaded; 315 skipped: 209 ES|QL, 106 machine learning", diagnostics, StringComparison.Ordinal);
            // The seed scenario is in the data, so the corpus's own cat rule (maxspan=3s) raises its alert.
            var alerts = Encoding.UTF8.GetString(stdout.ToArray());
            Assert.Contains("afd04601-12fc-4149-9b78-9c3f8fe45d39", alerts, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void ChunkedReadingWithWorkerFiltersGivesTheLineByLineAlertsForTheWholeCorpus()
    {
        var corpus = CorpusFolder();
        if (corpus is null)
        {
            return;
        }
        var rules = PreparedCorpusRules(corpus, _ => true, prepared => prepared.Matcher is EqlRuleMatcher);
        Assert.True(rules.Count > 1_000, $"{rules.Count} EQL rules");
        var events = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 3, Events = 3_000, Seed = 9, AttackRate = 300 }).Generate(events);
        var bytes = events.ToArray();
        var options = new ScanOptions { Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z") };

        string Hunt(Func<StreamingHunt, ReaderOptions> reader)
        {
            var hunt = new StreamingHunt(rules, options);
            InputReader.ReadStream(new MemoryStream(bytes), "defend.ndjson", hunt, reader(hunt));
            var result = hunt.Finish();
            var output = new MemoryStream();
            AlertJsonWriter.WriteLines(output, result.Alerts, ".alerts-security.alerts-default");
            Assert.Equal(3_000, hunt.Stats.Records);
            return Encoding.UTF8.GetString(output.ToArray());
        }

        // Line by line: every line reaches the hunt, which runs each rule's literal check itself.
        var reference = Hunt(_ => new ReaderOptions());
        Assert.Contains("afd04601-12fc-4149-9b78-9c3f8fe45d39", reference, StringComparison.Ordinal);
        foreach (var threads in new[] { 1, 2 })
        {
            var chunked = Hunt(hunt => new ReaderOptions
            {
                Prefilter = hunt.Prefilter,
                WorkerFilter = hunt.WorkerFilter,
                Threads = threads,
                ChunkBytes = 512 << 10,
            });
            Assert.Equal(reference, chunked);
        }
    }

    /// <summary>
    /// Every KQL-language rule of the corpus (query, threshold, new_terms, threat_match; 674 in rules/) over generated
    /// Defend data, with indicators made from addresses in that data so the indicator match rules alert: the
    /// streaming session (shared prefilter and query set, rule types folded as their matches come, two reader
    /// threads) writes the same alert bytes as the collect-all engine, which gives each rule every event at once.
    /// </summary>
    [Fact]
    public void KqlLanguageRulesOnTheScheduleStreamTheCollectAllScheduleAlertsForTheWholeCorpus()
    {
        var corpus = CorpusFolder();
        if (corpus is null)
        {
            return;
        }
        var rules = PreparedCorpusRules(corpus, rule => rule.Language == "kuery", _ => true);
        var ruleTypes = rules.Count(r => r.Matcher is Vigil.Detection.RuleTypes.IAggregatingRuleMatcher);
        Assert.True(rules.Count > 600 && ruleTypes > 200, $"{rules.Count} KQL rules, {ruleTypes} of them rule types");
        var (bytes, indicators) = GeneratedDataWithIndicators();
        var options = new ScanOptions
        {
            Schedule = true,
            Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            ThreatIndicators = indicators,
        };

        var collector = new EventCollector();
        InputReader.ReadStream(new MemoryStream(bytes), "defend.ndjson", collector);
        // The session writes the query rules' alerts first, then the rule types' (as it did when it collected them).
        var inSessionOrder = rules.Where(r => r.Matcher is EqlRuleMatcher).Concat(rules.Where(r => r.Matcher is not EqlRuleMatcher)).ToList();
        var reference = new DetectionEngine().Run(inSessionOrder, collector.Events, options);
        var session = new DetectionSession(rules, options);
        InputReader.ReadStream(new MemoryStream(bytes), "defend.ndjson", session, session.ReaderOptions(validateJson: false, threads: 2));
        var streamed = session.Finish();

        Assert.False(session.CollectsEvents);
        var byType = reference.Alerts.GroupBy(a => (string?)AlertJsonWriter.SourceAsObject(a)["kibana.alert.rule.type"] ?? "")
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byType.GetValueOrDefault("threat_match") > 0 && byType.GetValueOrDefault("threshold") > 0,
            string.Join(", ", byType.Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.Equal(Jsonl(reference), Jsonl(streamed));
        Assert.Equal(reference.Messages.Select(m => m.ToString()), streamed.Messages.Select(m => m.ToString()));
        Assert.Equal(reference.Stats.Select(s => (s.RuleId, s.Executions, s.Matches, s.AlertsCreated)),
            streamed.Stats.Select(s => (s.RuleId, s.Executions, s.Matches, s.AlertsCreated)));
    }

    // Generated Defend data (3 hosts, 2,000 events, attacks mixed in) and indicators for three of its source addresses,
    // fresh enough for the rules' threat_query (now-30d), with the event fields Filebeat's threat intel modules write,
    // which the rules' threat_filters require.
    private static (byte[] Bytes, List<Vigil.Detection.RuleTypes.ThreatIndicator> Indicators) GeneratedDataWithIndicators()
    {
        var events = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 3, Events = 2_000, Seed = 9, AttackRate = 300 }).Generate(events);
        var bytes = events.ToArray();
        var addresses = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)?["source"]?["ip"]?.GetValue<string>())
            .OfType<string>().Distinct().Take(3).ToList();
        Assert.Equal(3, addresses.Count);
        var indicators = addresses.Select((ip, i) => new Vigil.Detection.RuleTypes.ThreatIndicator("logs-ti_test", "ind" + i,
            (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
                "{\"@timestamp\":\"" + DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
                + "\",\"event\":{\"module\":\"threatintel\",\"category\":\"threat\",\"kind\":\"enrichment\",\"type\":\"indicator\"},\"threat\":{\"indicator\":{\"type\":\"ipv4-addr\",\"ip\":\"" + ip + "\"}}}")!,
            "indicators.ndjson", i + 1)).ToList();
        return (bytes, indicators);
    }

    private static string Jsonl(ScanResult result)
    {
        var output = new MemoryStream();
        AlertJsonWriter.WriteLines(output, result.Alerts, ".alerts-security.alerts-default");
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void KqlLanguageRulesStreamTheCollectAllAlertsForTheWholeCorpus()
    {
        var corpus = CorpusFolder();
        if (corpus is null)
        {
            return;
        }
        var rules = PreparedCorpusRules(corpus, rule => rule.Language == "kuery", _ => true);
        var ruleTypes = rules.Count(r => r.Matcher is Vigil.Detection.RuleTypes.IAggregatingRuleMatcher);
        Assert.True(rules.Count > 600 && ruleTypes > 200, $"{rules.Count} KQL rules, {ruleTypes} of them rule types");
        var (bytes, indicators) = GeneratedDataWithIndicators();
        var options = new ScanOptions { Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), ThreatIndicators = indicators };

        var collector = new EventCollector();
        InputReader.ReadStream(new MemoryStream(bytes), "defend.ndjson", collector);
        // The session writes the query rules' alerts first, then the rule types' (as `vigil scan` did when it collected them).
        var inSessionOrder = rules.Where(r => r.Matcher is EqlRuleMatcher).Concat(rules.Where(r => r.Matcher is not EqlRuleMatcher)).ToList();
        var reference = new DetectionEngine().Run(inSessionOrder, collector.Events, options);
        var session = new DetectionSession(rules, options);
        InputReader.ReadStream(new MemoryStream(bytes), "defend.ndjson", session,
            session.ReaderOptions(validateJson: false, threads: 2) with { ChunkBytes = 512 << 10 });
        var streamed = session.Finish();

        Assert.NotNull(session.Hunt);
        // Indicator matches, threshold buckets and new terms are among the compared alerts.
        var byType = reference.Alerts.GroupBy(a => (string?)AlertJsonWriter.SourceAsObject(a)["kibana.alert.rule.type"] ?? "")
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byType.GetValueOrDefault("threat_match") > 0 && byType.GetValueOrDefault("threshold") > 0,
            string.Join(", ", byType.Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.Equal(Jsonl(reference), Jsonl(streamed));
    }
}
