using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;

namespace Vigil.Conformance.Tests.Prefilter;

/// <summary>Applies a query's literal prefilter to a list of events the way a line reader would.</summary>
internal static class PrefilterHarness
{
    /// <summary>
    /// Locates the shared folder: ../shared from the folder holding Vigil.slnx, or higher up for a git worktree
    /// under wt/&lt;branch&gt;; null when absent (the tests then skip).
    /// </summary>
    public static string? SharedFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vigil.slnx")))
        {
            directory = directory.Parent;
        }
        for (var up = directory?.Parent; up is not null; up = up.Parent)
        {
            var shared = Path.Combine(up.FullName, "shared");
            if (Directory.Exists(Path.Combine(shared, "corpus")))
            {
                return shared;
            }
        }
        return null;
    }

    /// <summary>Every EQL rule of the detection-rules corpus (rules and building blocks) that parses: name and statement.</summary>
    public static List<(string Name, EqlStatement Statement)> CorpusEqlStatements(string shared)
    {
        var corpus = Path.Combine(shared, "corpus", "detection-rules");
        var statements = new List<(string Name, EqlStatement Statement)>();
        foreach (var file in Vigil.Rules.RuleLoader.Load(Vigil.Rules.RuleLoader.FindFiles([Path.Combine(corpus, "rules"), Path.Combine(corpus, "rules_building_block")])))
        {
            foreach (var loaded in file.Rules)
            {
                if (loaded.Rule is { Language: "eql", Query: { } query } rule && EqlParser.Parse(query) is { Success: true, Statement: { } statement })
                {
                    statements.Add((rule.Name, statement));
                }
            }
        }
        return statements;
    }

    /// <summary>
    /// Test lines for corpus-wide checks: simulated Defend telemetry, then events synthesised from every rule's own
    /// conditions (from the first telemetry event as a template), a millisecond apart.
    /// </summary>
    public static List<string> CorpusTestLines(IEnumerable<EqlStatement> statements)
    {
        using var simulated = new MemoryStream();
        new Vigil.Simulation.TelemetryGenerator(new Vigil.Simulation.SimulationOptions { Events = 150, Hosts = 2, AttackRate = 50 }).Generate(simulated);
        var lines = System.Text.Encoding.UTF8.GetString(simulated.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var template = System.Text.Json.Nodes.JsonNode.Parse(lines[0])!.AsObject();
        var start = DateTime.Parse("2026-11-27T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
        var tick = 0;
        foreach (var statement in statements)
        {
            foreach (var synthesised in RuleEventSynthesizer.EventsFor(statement, template))
            {
                synthesised["@timestamp"] = start.AddMilliseconds(tick++).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
                lines.Add(synthesised.ToJsonString());
            }
        }
        return lines;
    }

    public static LinePrefilter Build(EqlStatement statement, RequiredLiteralOptions options) =>
        LinePrefilter.Create(RequiredLiterals.ForStatement(statement, options));

    /// <summary>
    /// The events the prefilter keeps. The events are laid out as one NDJSON buffer (raw line breaks in a JSON
    /// document can only be whitespace, so they become spaces) and scanned with the fast path; the reference
    /// per-line decision must agree with it line for line.
    /// </summary>
    public static List<EventInput> Keep(LinePrefilter prefilter, IReadOnlyList<EventInput> events)
    {
        var starts = new int[events.Count];
        var buffer = new List<byte>();
        for (var i = 0; i < events.Count; i++)
        {
            starts[i] = buffer.Count;
            foreach (var b in events[i].Json.Span)
            {
                buffer.Add(b is (byte)'\n' or (byte)'\r' ? (byte)' ' : b);
            }
            buffer.Add((byte)'\n');
        }
        var bytes = buffer.ToArray();
        var keep = new bool[events.Count];
        prefilter.MarkCandidateLines(bytes, starts, keep);
        var kept = new List<EventInput>();
        for (var i = 0; i < events.Count; i++)
        {
            var end = i + 1 < events.Count ? starts[i + 1] - 1 : bytes.Length - 1;
            var line = bytes.AsSpan(starts[i], end - starts[i]);
            var reference = line.Length > 0 && prefilter.MayMatch(line);
            if (reference != keep[i])
            {
                throw new InvalidOperationException(
                    $"fast scan ({keep[i]}) and reference ({reference}) disagree on event {i}: {System.Text.Encoding.UTF8.GetString(line)}");
            }
            if (keep[i])
            {
                kept.Add(events[i]);
            }
        }
        return kept;
    }
}
