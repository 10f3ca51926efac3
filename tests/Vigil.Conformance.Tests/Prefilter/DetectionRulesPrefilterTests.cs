using System.Text;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;
using Xunit.Abstractions;

namespace Vigil.Conformance.Tests.Prefilter;

/// <summary>
/// Every EQL rule of the detection-rules corpus (rules and building blocks), run with and without its literal
/// prefilter over simulated Defend telemetry plus events synthesised from every rule's own conditions, must return
/// the same events and sequences.
/// </summary>
public sealed class DetectionRulesPrefilterTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryEqlRuleReturnsTheSameResultsWithThePrefilter()
    {
        if (PrefilterHarness.SharedFolder() is not { } shared)
        {
            return;
        }
        var statements = PrefilterHarness.CorpusEqlStatements(shared);
        var events = BuildEvents(statements.Select(s => s.Statement));
        var options = new RequiredLiteralOptions { IsVerbatimStringField = Schema.Default.IsVerbatimString };
        int compared = 0, constrained = 0, withResults = 0;
        long skipped = 0;
        var failures = new List<string>();
        foreach (var (name, statement) in statements)
        {
            CompiledQuery compiled;
            try
            {
                compiled = EqlCompiler.Compile(statement);
            }
            catch (EqlCompileException)
            {
                continue;
            }
            var prefilter = PrefilterHarness.Build(statement, options);
            compared++;
            if (prefilter.PassesEverything)
            {
                continue;
            }
            constrained++;
            var kept = PrefilterHarness.Keep(prefilter, events);
            skipped += events.Count - kept.Count;
            var full = Describe(QueryRunner.Run(compiled, events));
            var filtered = Describe(QueryRunner.Run(compiled, kept));
            withResults += full.Length > 0 ? 1 : 0;
            if (full != filtered)
            {
                failures.Add($"{name}: {full} vs {filtered}\n{prefilter.Describe()}");
            }
        }
        output.WriteLine($"{compared} rules compiled, {constrained} with a prefilter ({withResults} of them with results); "
            + $"{events.Count} events, {skipped} event reads skipped");
        Assert.True(compared > 800, $"only {compared} rules compiled");
        Assert.True(withResults > 100, $"only {withResults} constrained rules returned anything: the comparison is too weak");
        Assert.True(failures.Count == 0, $"{failures.Count} rules differ:\n" + string.Join("\n", failures.Take(10)));
    }

    /// <summary>Results as text: matched line numbers (sequences as groups).</summary>
    private static string Describe(QueryResult result)
    {
        var text = new StringBuilder();
        if (result.IsSequenceResult)
        {
            foreach (var sequence in result.Sequences)
            {
                text.Append('[');
                foreach (var matched in sequence.Events)
                {
                    text.Append(matched is null ? "-" : matched.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
                }
                text.Append(']');
            }
        }
        else
        {
            foreach (var matched in result.Events)
            {
                text.Append(matched.Line).Append(' ');
            }
        }
        return text.ToString();
    }

    private static List<EventInput> BuildEvents(IEnumerable<EqlStatement> statements)
    {
        var lines = PrefilterHarness.CorpusTestLines(statements);
        var events = new List<EventInput>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            events.Add(new EventInput(Encoding.UTF8.GetBytes(lines[i]), "generated", i + 1));
        }
        return events;
    }
}
