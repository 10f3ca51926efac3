using Vigil.Detection.Engine;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Detection.Explain;

/// <summary>
/// Evaluates one condition over every event with the real compiler and runtime: the condition is compiled as the
/// event query <c>CATEGORY where CONDITION</c> and run; the result says which events it holds for. Results are cached
/// per condition, so a rule's conjuncts are each run once.
/// </summary>
public sealed class ConditionProbe
{
    private readonly IReadOnlyList<ScanEvent> _events;
    private readonly EventInput[] _inputs;
    private readonly CompileOptions _options;
    private readonly Dictionary<(string?, Expression), bool[]> _cache = new();

    private readonly RunOptions _runOptions;

    public ConditionProbe(IReadOnlyList<ScanEvent> events, CompileOptions options, RunOptions? runOptions = null)
    {
        _events = events;
        _options = options;
        _runOptions = runOptions ?? RunOptions.Default;
        _inputs = new EventInput[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            _inputs[i] = new EventInput(events[i].Json, events[i].Origin, i + 1);
        }
    }

    /// <summary>For each event (by position): whether <c>category where condition</c> holds (category null: any).</summary>
    public bool[] Holds(string? category, Expression condition)
    {
        if (_cache.TryGetValue((category, condition), out var cached))
        {
            return cached;
        }
        var holds = new bool[_events.Count];
        var statement = new EqlStatement(SourceSpan.None, new EventQuery(SourceSpan.None, category, condition), ValueList.Of<Pipe>());
        try
        {
            var compiled = EqlCompiler.Compile(statement, _options);
            var result = QueryRunner.Run(compiled, _inputs, _runOptions, static _ => { });
            foreach (var m in result.Events)
            {
                holds[(int)m.Line - 1] = true;
            }
        }
        catch (EqlCompileException)
        {
            // A condition the runtime cannot run on its own counts as never holding; the rule itself compiled.
        }
        _cache[(category, condition)] = holds;
        return holds;
    }
}
