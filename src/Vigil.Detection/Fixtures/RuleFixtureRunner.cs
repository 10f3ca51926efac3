using System.Text.Json;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;
using Vigil.Rules;

namespace Vigil.Detection.Fixtures;

/// <summary>
/// Runs rules' scenario fixtures (<c>rule.fixtures/NAME.alert.ndjson</c> must raise at least one alert of the rule,
/// or exactly <c>expect_alerts</c> matches; <c>NAME.quiet.ndjson</c> must raise none) through the real detection
/// engine in hunt mode (or on Kibana's schedule when the first line says <c>"schedule": true</c>, from its
/// <c>start</c> to its <c>end</c>; <c>"threat": "FILE"</c> names indicators beside the fixture): rule authors' unit tests.
/// </summary>
public static class RuleFixtureRunner
{
    /// <summary>A fixed hunt time so results never depend on the wall clock.</summary>
    private static readonly DateTimeOffset HuntTime = DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs the fixtures of every rule under the paths; rule-loading problems go to <paramref name="problems"/>.</summary>
    public static List<FixtureOutcome> Run(IReadOnlyList<string> paths, List<string> problems)
    {
        var outcomes = new List<FixtureOutcome>();
        foreach (var file in RuleLoader.Load(paths))
        {
            foreach (var problem in file.FileProblems)
            {
                if (problem.IsError) problems.Add(problem.ToString());
            }
            foreach (var loaded in file.Rules)
            {
                if (loaded.Rule is null)
                {
                    foreach (var problem in loaded.Problems)
                    {
                        if (problem.IsError) problems.Add(problem.ToString());
                    }
                    continue;
                }
                var rule = loaded.Rule;
                var folder = FixtureFolder(rule.Source.Path);
                if (folder is null)
                {
                    continue;
                }
                outcomes.AddRange(RunRule(rule, folder));
            }
        }
        return outcomes;
    }

    /// <summary><c>x/foo.toml</c> → <c>x/foo.fixtures</c> when that folder exists.</summary>
    public static string? FixtureFolder(string rulePath)
    {
        if (rulePath.Length == 0)
        {
            return null;
        }
        var folder = Path.Combine(Path.GetDirectoryName(rulePath) ?? "", Path.GetFileNameWithoutExtension(rulePath) + ".fixtures");
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>Runs every fixture in the folder against one rule.</summary>
    public static List<FixtureOutcome> RunRule(Rule rule, string folder)
    {
        var outcomes = new List<FixtureOutcome>();
        var files = Directory.EnumerateFiles(folder, "*.ndjson")
            .Where(f => f.EndsWith(".alert.ndjson", StringComparison.Ordinal) || f.EndsWith(".quiet.ndjson", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return outcomes;
        }
        var prepareProblems = new List<string>();
        var prepared = RulePreparer.Prepare(rule, prepareProblems);
        foreach (var fixture in files)
        {
            outcomes.Add(prepared is null
                ? new FixtureOutcome(rule.RuleId, rule.Name, fixture, false, "rule cannot run: " + string.Join("; ", prepareProblems))
                : RunFixture(prepared, rule, fixture));
        }
        return outcomes;
    }

    private static FixtureOutcome RunFixture(PreparedRule prepared, Rule rule, string fixture)
    {
        FixtureOutcome Result(bool passed, string detail) => new(rule.RuleId, rule.Name, fixture, passed, detail);
        var expectAlert = fixture.EndsWith(".alert.ndjson", StringComparison.Ordinal);
        int? expected;
        try
        {
            expected = ExpectedCount(fixture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result(false, $"cannot read the fixture: {e.Message}");
        }
        var collector = new EventCollector();
        InputReader.Read([fixture], collector);
        if (collector.Errors.Count > 0)
        {
            return Result(false, "bad input: " + collector.Errors[0]);
        }
        if (collector.Events.Count == 0)
        {
            return Result(false, "the fixture holds no events");
        }
        var header = FixtureHeader.Read(fixture);
        var threatProblems = new List<string>();
        var indicators = header.Threat is { } threat
            ? RuleTypes.ThreatIndicatorLoader.Load([Path.Combine(Path.GetDirectoryName(fixture) ?? "", threat)], threatProblems)
            : [];
        if (threatProblems.Count > 0)
        {
            return Result(false, "bad indicators: " + threatProblems[0]);
        }
        var result = new DetectionEngine().Run([prepared], collector.Events, new ScanOptions
        {
            Now = HuntTime,
            Schedule = header.Schedule,
            Start = header.Start,
            End = header.End,
            ThreatIndicators = indicators,
        });
        if (result.EventProblems.Count > 0)
        {
            return Result(false, "event problem: " + result.EventProblems[0]);
        }
        var raised = 0;
        long docsCount = 0;
        foreach (var alert in result.Alerts)
        {
            if (!alert.IsBuildingBlock) raised++;
            if (alert.Source.IsDefined("kibana.alert.suppression.docs_count") &&
                alert.Source["kibana.alert.suppression.docs_count"] is System.Text.Json.Nodes.JsonValue v && Json.FieldValues.TryGetNumber(v, out var docs))
            {
                docsCount += (long)docs;
            }
        }
        if (header.DocsCount is { } expectedDocs && expectedDocs != docsCount)
        {
            return Result(false, $"expected suppression docs_count {expectedDocs} in all (expect_docs_count), got {docsCount}");
        }
        var events = collector.Events.Count;
        var what = $"{raised} {(raised == 1 ? "alert" : "alerts")} from {events} {(events == 1 ? "event" : "events")}";
        if (!expectAlert)
        {
            return raised == 0 ? Result(true, what) : Result(false, $"expected no alert, got {what}");
        }
        if (expected is { } n)
        {
            if (n < 1)
            {
                return Result(false, $"an .alert fixture must expect at least one alert (its first line says expect_alerts {n}); name it .quiet.ndjson instead");
            }
            return raised == n ? Result(true, what) : Result(false, $"expected exactly {n} {(n == 1 ? "alert" : "alerts")} (expect_alerts), got {what}");
        }
        return raised > 0 ? Result(true, what) : Result(false, $"expected at least one alert, got none from {events} {(events == 1 ? "event" : "events")}");
    }

    /// <summary>The <c>expect_alerts</c> of a first line <c>{"//": ..., "expect_alerts": N}</c>, if any.</summary>
    private static int? ExpectedCount(string fixture)
    {
        using var reader = new StreamReader(fixture);
        var first = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(first))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(first);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("//", out _)
                && doc.RootElement.TryGetProperty("expect_alerts", out var n)
                && n.TryGetInt32(out var count))
            {
                return count;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the reader reports it with its line and column.
        }
        return null;
    }
}
