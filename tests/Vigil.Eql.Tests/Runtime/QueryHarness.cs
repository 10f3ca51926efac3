using System.Text;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>Parses, compiles and runs a query over inline NDJSON; returns the matched events' "id" values.</summary>
internal static class QueryHarness
{
    public static string Ids(string query, string ndjson, CompileOptions? options = null, RunOptions? run = null)
    {
        var parsed = EqlParser.Parse(query);
        Assert.True(parsed.Success, string.Join("; ", parsed.Diagnostics));
        var compiled = EqlCompiler.Compile(parsed.Statement!, options ?? new CompileOptions { TiebreakerField = "id" });
        var inputs = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((line, i) => new EventInput(Encoding.UTF8.GetBytes(line), "inline", i + 1)).ToList();
        var problems = new List<InputProblem>();
        var result = QueryRunner.Run(compiled, inputs, run, problems.Add);
        Assert.Empty(problems);
        if (result.IsSequenceResult)
        {
            return string.Join(" | ", result.Sequences.Select(s =>
                string.Join(",", s.Events.Select(e => e is null ? "-1" : IdOf(e))) + " [" + string.Join(",", s.JoinKeys.Select(k => k ?? "null")) + "]"));
        }
        return string.Join(",", result.Events.Select(IdOf));
    }

    /// <summary>True when the condition keeps the single event.</summary>
    public static bool Matches(string condition, string eventJson, CompileOptions? options = null) =>
        Ids("any where " + condition, eventJson, options) == IdFrom(eventJson);

    private static string IdFrom(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").ToString();

    private static string IdOf(MatchedEvent e) => System.Text.Json.JsonDocument.Parse(e.Source).RootElement.GetProperty("id").ToString();
}
