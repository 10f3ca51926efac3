using Vigil.Detection.Engine;
using Vigil.Eql.Compilation;
using Vigil.Eql.QuerySets;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;
using Vigil.Rules;

namespace Vigil.Cli.Bench;

/// <summary>The queries a bench run evaluates: one ad-hoc query or the EQL rules of some rule files.</summary>
public sealed class BenchRuleSet
{
    private BenchRuleSet(List<BenchQuery> queries, List<string> problems)
    {
        Queries = queries;
        Problems = problems;
        var requirements = new List<LineRequirement>();
        foreach (var query in queries)
        {
            requirements.AddRange(query.Prefilter.PassesEverything ? [LineRequirement.Unconstrained] : query.Prefilter.Requirements);
        }
        Union = LinePrefilter.Create(requirements);
    }

    public IReadOnlyList<BenchQuery> Queries { get; }

    /// <summary>Queries that could not be used (parse or compile errors), one message each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The prefilter of the whole set: a line is parsed if any query may match it.</summary>
    public LinePrefilter Union { get; private set; }

    /// <summary>How many queries have no required literal (every line must be parsed for them).</summary>
    public int Unconstrained
    {
        get
        {
            var count = 0;
            foreach (var query in Queries)
            {
                count += query.Prefilter.PassesEverything ? 1 : 0;
            }
            return count;
        }
    }

    public static BenchRuleSet FromQuery(string text)
    {
        var queries = new List<BenchQuery>();
        var problems = new List<string>();
        Add("query", text, queries, problems);
        return new BenchRuleSet(queries, problems);
    }

    /// <summary>
    /// The EQL rules of the files. With <paramref name="dataIndices"/> (the indices the events belong to), only rules
    /// that search one of them are kept, as <c>vigil scan</c> offers an event only to such rules (a rule without
    /// index patterns searches every index).
    /// </summary>
    public static BenchRuleSet FromRuleFiles(IEnumerable<string> paths, IReadOnlyCollection<string>? dataIndices = null)
    {
        var queries = new List<BenchQuery>();
        var problems = new List<string>();
        var files = RuleLoader.FindFiles(paths);
        var otherIndex = 0;
        foreach (var file in RuleLoader.Load(files))
        {
            foreach (var loaded in file.Rules)
            {
                if (loaded.Rule is { Language: "eql", Query: { } query } rule)
                {
                    if (dataIndices is not null && !SearchesAny(rule.Index is { } patterns ? patterns : [], dataIndices))
                    {
                        otherIndex++;
                        continue;
                    }
                    Add(rule.Name, query, queries, problems);
                }
            }
        }
        return new BenchRuleSet(queries, problems) { OtherIndexRules = otherIndex };
    }

    /// <summary>EQL rules left out because none of their index patterns matches the events' indices.</summary>
    public int OtherIndexRules { get; private init; }

    /// <summary>All queries as one <see cref="QuerySet"/> (one parse per line, one literal pass per line).</summary>
    public QuerySet BuildQuerySet(ReadOnlySpan<byte> calibrationSample)
    {
        var builder = new QuerySetBuilder();
        var literalOptions = new RequiredLiteralOptions { IsVerbatimStringField = Schema.Default.IsVerbatimString };
        foreach (var query in Queries)
        {
            builder.Add(query.Statement, CompileOptions.Default, literalOptions);
        }
        return builder.Build(calibrationSample);
    }

    private static bool SearchesAny(IEnumerable<string> patterns, IReadOnlyCollection<string> indices)
    {
        var matcher = new IndexPatternMatcher(patterns);
        if (matcher.IsEmpty)
        {
            return true;
        }
        foreach (var index in indices)
        {
            if (matcher.Matches(index))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Chooses every prefilter's anchors from a sample of the data (changes speed, never results).</summary>
    public void Calibrate(ReadOnlySpan<byte> sample)
    {
        for (var i = 0; i < Queries.Count; i++)
        {
            ((List<BenchQuery>)Queries)[i] = Queries[i] with { Prefilter = Queries[i].Prefilter.Calibrate(sample) };
        }
        Union = Union.Calibrate(sample);
    }

    private static void Add(string name, string text, List<BenchQuery> queries, List<string> problems)
    {
        var parse = EqlParser.Parse(text);
        if (!parse.Success || parse.Statement is null)
        {
            problems.Add($"{name}: parse error: {(parse.Diagnostics.Length > 0 ? parse.Diagnostics[0].Message : "?")}");
            return;
        }
        CompiledQuery compiled;
        try
        {
            compiled = EqlCompiler.Compile(parse.Statement);
        }
        catch (EqlCompileException error)
        {
            problems.Add($"{name}: compile error: {error.Message}");
            return;
        }
        var options = new RequiredLiteralOptions { IsVerbatimStringField = Schema.Default.IsVerbatimString };
        var prefilter = LinePrefilter.Create(RequiredLiterals.ForStatement(parse.Statement, options));
        queries.Add(new BenchQuery(name, compiled, prefilter, parse.Statement));
    }
}
