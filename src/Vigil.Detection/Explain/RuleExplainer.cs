using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Rules;

namespace Vigil.Detection.Explain;

/// <summary>
/// Explains why a rule did (or did not) fire on some events: per stage, the events that satisfy the most conjuncts of
/// the stage's top-level <c>and</c> chain and the first conjunct each failed; for a sequence, how far each join key
/// got and why it expired (maxspan, until, another join key value, wrong order). Every condition is evaluated by the
/// real compiler and runtime (<see cref="ConditionProbe"/>).
/// </summary>
public static class RuleExplainer
{
    private const int ClosestShown = 3;
    private const int SequencesShown = 10;
    private static readonly DateTimeOffset HuntTime = DateTimeOffset.Parse("2026-11-28T00:00:00Z", CultureInfo.InvariantCulture);

    private sealed record EventInfo(ScanEvent Event, JsonObject? Json, DateTimeOffset? Time, int Position)
    {
        public string Where => $"{Path.GetFileName(Event.Origin)}:{Event.Line}";
        public string At => Time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "(no time)";
    }

    public static ExplainReport Explain(Rule rule, IReadOnlyList<ScanEvent> allEvents)
    {
        var problems = new List<string>();
        var prepared = RulePreparer.Prepare(rule, problems);
        var sb = new StringBuilder();
        sb.AppendLine($"Rule: {rule.Name} ({rule.RuleId})");
        if (prepared is null || rule.Query is null || EqlParser.Parse(rule.Query).Statement is not { } statement)
        {
            problems.Add($"rule {rule.RuleId} cannot run, nothing to explain");
            return new ExplainReport(false, sb.ToString(), problems);
        }

        var eligible = new List<ScanEvent>();
        foreach (var ev in allEvents)
        {
            if (prepared.Indices.IsEmpty || prepared.Indices.Matches(ev.Index)) eligible.Add(ev);
        }
        sb.AppendLine($"Events: {allEvents.Count} read, {eligible.Count} in the rule's indices ({string.Join(", ", prepared.Rule.Index)})");

        var scan = new DetectionEngine().Run([prepared], allEvents, new ScanOptions { Now = HuntTime });
        var alerts = scan.Alerts.Count(a => !a.IsBuildingBlock);
        var matches = prepared.Matcher.Match(eligible, problems);
        if (alerts > 0)
        {
            sb.AppendLine($"FIRED: {alerts} {(alerts == 1 ? "alert" : "alerts")} from {matches.Count} {(matches.Count == 1 ? "match" : "matches")}");
            for (var i = 0; i < matches.Count; i++)
            {
                sb.AppendLine($"  match {i + 1}:");
                foreach (var ev in matches[i].Events)
                {
                    var json = EventFields.Parse(ev.Json);
                    sb.AppendLine($"    {ev.Origin}:{ev.Line}  {EventFields.Format(EventFields.Find(json, prepared.Rule.PrimaryTimestamp, out _))}");
                }
            }
            return new ExplainReport(true, sb.ToString(), problems);
        }
        if (matches.Count > 0)
        {
            sb.AppendLine($"The query matched {matches.Count} times, but no alert was raised (exception items, or events outside the time range).");
            return new ExplainReport(false, sb.ToString(), problems);
        }
        sb.AppendLine("DID NOT FIRE.");

        var definition = prepared.Rule.Definition;
        var options = new CompileOptions
        {
            TimestampField = prepared.Rule.TimestampField ?? "@timestamp",
            TiebreakerField = Text(definition, "tiebreaker_field"),
            EventCategoryField = Text(definition, "event_category_override") ?? "event.category",
        };
        ExplainMiss(sb, statement, options, RunOptions.Default, eligible);
        return new ExplainReport(false, sb.ToString(), problems);
    }

    /// <summary>
    /// Explains an EQL rule's query in another dialect (<c>vigil explain --rule R --dialect endgame</c>): the query is
    /// parsed with <paramref name="parserOptions"/> (definitions files included) and compiled with the dialect's
    /// <paramref name="dialect"/> options plus the rule's timestamp, tiebreaker and category fields, over the events in
    /// the rule's indices. Alerts are Elasticsearch's, so none is built: the report says what the query matches, or
    /// per stage the closest events and the first condition each failed.
    /// </summary>
    public static ExplainReport ExplainInDialect(Rule rule, IReadOnlyList<ScanEvent> allEvents, EqlParserOptions parserOptions, CompileOptions dialect, RunOptions runOptions)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(allEvents);
        ArgumentNullException.ThrowIfNull(parserOptions);
        ArgumentNullException.ThrowIfNull(dialect);
        var problems = new List<string>();
        var sb = new StringBuilder();
        sb.AppendLine($"Rule: {rule.Name} ({rule.RuleId})");
        sb.AppendLine($"Dialect: {(dialect.EndgameDialect ? "endgame" : "es")}{(dialect.CaseInsensitiveEquality ? ", case-insensitive" : ", case-sensitive")} (the rule's query only: no alerts are built)");
        if (!string.Equals(rule.Language ?? (rule.Type == "eql" ? "eql" : null), "eql", StringComparison.OrdinalIgnoreCase) || rule.Query is null)
        {
            problems.Add($"rule {rule.RuleId} is a {rule.Type} rule in {rule.Language ?? "no language"}; a dialect applies to EQL rules only");
            return new ExplainReport(false, sb.ToString(), problems);
        }
        var parsed = EqlParser.Parse(rule.Query, parserOptions);
        if (parsed.Statement is null)
        {
            foreach (var line in DiagnosticFormatter.FormatAll(parsed.Diagnostics, rule.Query))
            {
                problems.Add($"rule {rule.RuleId}: query: {line}");
            }
            return new ExplainReport(false, sb.ToString(), problems);
        }
        var indices = new IndexPatternMatcher(rule.Index ?? ValueList<string>.Empty);
        var eligible = new List<ScanEvent>();
        foreach (var ev in allEvents)
        {
            if (indices.IsEmpty || indices.Matches(ev.Index))
            {
                eligible.Add(ev);
            }
        }
        var options = dialect with
        {
            TimestampField = rule.TimestampField ?? dialect.TimestampField,
            TiebreakerField = rule.TiebreakerField ?? dialect.TiebreakerField,
            EventCategoryField = rule.EventCategoryOverride ?? dialect.EventCategoryField,
        };
        sb.AppendLine($"Query: {EqlPrinter.Print(parsed.Statement)}");
        sb.AppendLine(indices.IsEmpty
            ? $"Events: {allEvents.Count} read (the rule names no index: all of them)"
            : $"Events: {allEvents.Count} read, {eligible.Count} in the rule's indices ({string.Join(", ", rule.Index!)})");
        return ExplainStatement(sb, problems, parsed.Statement, options, runOptions, eligible);
    }

    /// <summary>
    /// Explains a bare query (<c>vigil explain --query</c>), in either dialect: its results if it has any, else per
    /// stage the closest events and the first condition each failed, as for a rule.
    /// </summary>
    public static ExplainReport ExplainQuery(EqlStatement statement, CompileOptions options, RunOptions runOptions, IReadOnlyList<ScanEvent> events)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(events);
        var sb = new StringBuilder();
        sb.AppendLine($"Query: {EqlPrinter.Print(statement)}");
        sb.AppendLine($"Events: {events.Count} read");
        return ExplainStatement(sb, [], statement, options, runOptions, events);
    }

    private static ExplainReport ExplainStatement(StringBuilder sb, List<string> problems, EqlStatement statement, CompileOptions options, RunOptions runOptions, IReadOnlyList<ScanEvent> events)
    {
        CompiledQuery compiled;
        try
        {
            compiled = EqlCompiler.Compile(statement, options);
        }
        catch (EqlCompileException error)
        {
            problems.Add($"error: {error.Span}: {error.Message}");
            return new ExplainReport(false, sb.ToString(), problems);
        }
        var inputs = events.Select((e, i) => new EventInput(e.Json, e.Origin, i + 1)).ToArray();
        var result = QueryRunner.Run(compiled, inputs, runOptions, problem => problems.Add(problem.ToString()));
        var count = result.IsSequenceResult ? result.Sequences.Count : result.Events.Count;
        if (count > 0)
        {
            sb.AppendLine($"MATCHED: {count} {(count == 1 ? "result" : "results")}");
            var shown = 0;
            foreach (var resultEvents in result.IsSequenceResult
                ? result.Sequences.Select(s => s.Events.Where(e => e is not null).Select(e => e!).ToList())
                : result.Events.Select(e => new List<MatchedEvent> { e }))
            {
                if (++shown > SequencesShown)
                {
                    sb.AppendLine($"  ... and {count - SequencesShown} more");
                    break;
                }
                sb.AppendLine($"  result {shown}: {string.Join(", ", resultEvents.Select(Where))}");
            }
            return new ExplainReport(true, sb.ToString(), problems);
        }
        sb.AppendLine("DID NOT MATCH.");
        ExplainMiss(sb, statement, options, runOptions, events);
        return new ExplainReport(false, sb.ToString(), problems);

        string Where(MatchedEvent matched) => matched.Line >= 1 && matched.Line <= events.Count
            ? $"{Path.GetFileName(events[(int)matched.Line - 1].Origin)}:{events[(int)matched.Line - 1].Line}"
            : "(aggregate record)";
    }

    private static void ExplainMiss(StringBuilder sb, EqlStatement statement, CompileOptions options, RunOptions runOptions, IReadOnlyList<ScanEvent> eligible)
    {
        var infos = new List<EventInfo>(eligible.Count);
        for (var i = 0; i < eligible.Count; i++)
        {
            var json = EventFields.Parse(eligible[i].Json);
            infos.Add(new EventInfo(eligible[i], json, EventFields.Time(json, options.TimestampField), i));
        }
        var probe = new ConditionProbe(eligible, options, runOptions);
        var describer = new ConditionDescriber(probe);

        var (stages, joinKeys, maxSpanMs, until) = statement.Query switch
        {
            EventQuery q => ([q], [], 0L, null),
            SequenceQuery s => (s.Stages.Select(st => st.Query).ToList(), s.JoinKeys.ToList(), s.MaxSpan?.Milliseconds ?? 0L, s.Until?.Query),
            SampleQuery s => (s.Stages.Select(st => st.Query).ToList(), s.JoinKeys.ToList(), 0L, null),
            JoinQuery j => (j.Stages.Select(st => st.Query).ToList(), j.JoinKeys.ToList(), 0L, j.Until?.Query),
            _ => (new List<EventQuery>(), new List<Expression>(), 0L, (EventQuery?)null),
        };

        var stageMatches = new List<bool[]>();
        for (var s = 0; s < stages.Count; s++)
        {
            var stage = stages[s];
            sb.AppendLine();
            sb.AppendLine(stages.Count == 1 ? $"Query: {StageText(stage)}" : $"Stage {s + 1}: {StageText(stage)}");
            var conjuncts = Conjuncts(stage.Condition).ToList();
            var holds = new List<bool[]>();
            if (stage.Category is not null)
            {
                holds.Add(probe.Holds(stage.Category, new BooleanLiteral(SourceSpan.None, true)));
            }
            foreach (var c in conjuncts) holds.Add(probe.Holds(null, c));
            var total = holds.Count;
            var full = probe.Holds(stage.Category, stage.Condition);
            stageMatches.Add(full);
            var scored = new List<(EventInfo Info, int Satisfied, int FirstFailed)>();
            var matching = 0;
            foreach (var info in infos)
            {
                if (full[info.Position]) { matching++; continue; }
                var satisfied = 0;
                var firstFailed = -1;
                for (var k = 0; k < total; k++)
                {
                    if (holds[k][info.Position]) satisfied++;
                    else if (firstFailed < 0) firstFailed = k;
                }
                scored.Add((info, satisfied, firstFailed));
            }
            sb.AppendLine($"  {matching} of {infos.Count} events match every condition of this stage");
            var closest = scored.OrderByDescending(x => x.Satisfied).ThenBy(x => x.Info.Time ?? DateTimeOffset.MaxValue).ThenBy(x => x.Info.Position).Take(ClosestShown).ToList();
            if (closest.Count > 0)
            {
                sb.AppendLine("  closest events that do not:");
            }
            foreach (var (info, satisfied, firstFailed) in closest)
            {
                string why;
                if (firstFailed < 0)
                {
                    why = "every conjunct holds on its own but the whole condition does not";
                }
                else if (stage.Category is not null && firstFailed == 0)
                {
                    var actual = EventFields.Find(info.Json, options.EventCategoryField, out var found);
                    why = found ? $"{options.EventCategoryField} {EventFields.Format(actual)} is not \"{stage.Category}\"" : $"{options.EventCategoryField} is missing (needs \"{stage.Category}\")";
                }
                else
                {
                    why = describer.WhyFalse(conjuncts[firstFailed - (stage.Category is null ? 0 : 1)], info.Json, info.Position);
                }
                sb.AppendLine($"    {info.Where} {info.At}: {satisfied}/{total} conditions hold; first failed: {why}");
            }
        }

        if (statement.Query is SequenceQuery sequence && stages.Count > 1)
        {
            ExplainSequence(sb, sequence, infos, stageMatches, until is null ? null : probe.Holds(until.Category, until.Condition), maxSpanMs);
        }
    }

    private static void ExplainSequence(StringBuilder sb, SequenceQuery sequence, List<EventInfo> infos, List<bool[]> stageMatches, bool[]? until, long maxSpanMs)
    {
        sb.AppendLine();
        sb.AppendLine("Sequence" + (sequence.JoinKeys.Count > 0 ? $" by {string.Join(", ", sequence.JoinKeys.Select(EqlPrinter.Print))}" : "")
            + (maxSpanMs > 0 ? $" with maxspan {maxSpanMs} ms" : "") + ":");
        var ordered = infos.OrderBy(i => i.Time ?? DateTimeOffset.MaxValue).ThenBy(i => i.Position).ToList();
        var rank = new int[infos.Count];
        for (var i = 0; i < ordered.Count; i++) rank[ordered[i].Position] = i;
        var stages = sequence.Stages;
        string[] KeyOf(EventInfo info, int stage) =>
            sequence.JoinKeys.Concat(stage < stages.Count ? stages[stage].JoinKeys : sequence.Until?.JoinKeys ?? ValueList.Of<Expression>())
                .Select(k => k is FieldReference f ? EventFields.Format(EventFields.Find(info.Json, f.Path, out _)) : EqlPrinter.Print(k)).ToArray();

        var starts = ordered.Where(i => stageMatches[0][i.Position]).ToList();
        if (starts.Count == 0)
        {
            sb.AppendLine("  no event matches stage 1, so no sequence starts");
            return;
        }
        var names = sequence.JoinKeys.Concat(stages[0].JoinKeys).Select(EqlPrinter.Print).ToList();
        foreach (var first in starts.Take(SequencesShown))
        {
            var key = KeyOf(first, 0);
            var keyText = string.Join(", ", names.Select((n, i) => $"{n}={key[i]}"));
            var prev = first;
            var reached = 1;
            string? reason = null;
            for (var s = 1; s < stages.Count && reason is null; s++)
            {
                var candidates = ordered.Where(i => stageMatches[s][i.Position] && rank[i.Position] > rank[prev.Position]).ToList();
                var sameKey = candidates.Where(c => KeyOf(c, s).SequenceEqual(key)).ToList();
                var within = sameKey.Where(c => maxSpanMs <= 0 || (c.Time - first.Time)?.TotalMilliseconds <= maxSpanMs).ToList();
                if (within.Count > 0)
                {
                    var next = within[0];
                    var stop = until is null ? null : ordered.FirstOrDefault(u => until[u.Position] && rank[u.Position] > rank[prev.Position]
                        && rank[u.Position] < rank[next.Position] && KeyOf(u, stages.Count).SequenceEqual(key));
                    if (stop is not null)
                    {
                        reason = $"until matched: {stop.Where} {stop.At} came before the stage {s + 1} event {next.Where}";
                        break;
                    }
                    prev = next;
                    reached++;
                    continue;
                }
                if (sameKey.Count > 0)
                {
                    var gap = (long)((sameKey[0].Time - first.Time)?.TotalMilliseconds ?? 0);
                    reason = $"maxspan exceeded: gap {gap} ms > {maxSpanMs} ms (stage {s + 1} event {sameKey[0].Where})";
                }
                else if (candidates.Count > 0)
                {
                    var other = candidates[0];
                    var otherKey = KeyOf(other, s);
                    var keyNames = sequence.JoinKeys.Concat(stages[s].JoinKeys).Select(EqlPrinter.Print).ToList();
                    var d = 0;
                    while (d < key.Length - 1 && d < otherKey.Length - 1 && key[d] == otherKey[d]) d++;
                    reason = $"a different join key value: {keyNames[Math.Min(d, keyNames.Count - 1)]} {key.ElementAtOrDefault(d)} vs {otherKey.ElementAtOrDefault(d)} (stage {s + 1} event {other.Where})";
                }
                else if (ordered.Any(i => stageMatches[s][i.Position] && KeyOf(i, s).SequenceEqual(key)))
                {
                    var early = ordered.First(i => stageMatches[s][i.Position] && KeyOf(i, s).SequenceEqual(key));
                    reason = $"the stage {s + 1} event {early.Where} {early.At} came before the stage {s} event {prev.Where} {prev.At} (wrong order)";
                }
                else
                {
                    reason = $"no event matches stage {s + 1} for this key (see its closest events above)";
                }
            }
            sb.AppendLine($"  [{keyText}] from {first.Where} {first.At}: reached stage {reached} of {stages.Count}"
                + (reason is null ? "" : $"; expired: {reason}"));
        }
        if (starts.Count > SequencesShown)
        {
            sb.AppendLine($"  ... and {starts.Count - SequencesShown} more partial sequences");
        }
    }

    private static string StageText(EventQuery stage) => $"{stage.Category ?? "any"} where {EqlPrinter.Print(stage.Condition)}";

    /// <summary>The conjuncts of a top-level <c>and</c> chain, in source order.</summary>
    private static IEnumerable<Expression> Conjuncts(Expression e) =>
        e is LogicalExpression { Operator: LogicalOperator.And } and ? Conjuncts(and.Left).Concat(Conjuncts(and.Right)) : [e];

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
