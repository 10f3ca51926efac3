namespace Vigil.Cli.Conformance;

/// <summary>Counts per suite and overall, and the failing cases.</summary>
public sealed class ConformanceReport
{
    public List<CaseOutcome> Outcomes { get; } = [];

    public int Passed => Outcomes.Count(o => o.Passed);

    public int Failed => Outcomes.Count(o => !o.Passed);

    public IEnumerable<(string Suite, int Passed, int Failed)> BySuite() =>
        Outcomes.GroupBy(o => o.Case.Suite + (o.Variant.Length > 0 ? $" [{o.Variant}]" : ""))
            .Select(g => (g.Key, g.Count(o => o.Passed), g.Count(o => !o.Passed)));

    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var outcome in Outcomes.Where(o => !o.Passed))
        {
            var c = outcome.Case;
            output.WriteLine($"FAIL {c.Suite}{(outcome.Variant.Length > 0 ? $" [{outcome.Variant}]" : "")} {c.Name}");
            output.WriteLine($"  query:    {string.Join(' ', c.Query.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()))}");
            output.WriteLine($"  expected: {string.Join(" or ", c.ExpectedAlternatives.Select(a => "[" + string.Join(", ", a) + "]"))}" +
                (c.JoinKeys is null ? "" : $" join_keys [{string.Join(", ", c.JoinKeys)}]"));
            output.WriteLine(outcome.Error is not null
                ? $"  got:      {outcome.Error}"
                : $"  got:      [{string.Join(", ", outcome.GotIds)}]" + (outcome.GotJoinKeys is null ? "" : $" join_keys [{string.Join(", ", outcome.GotJoinKeys)}]"));
        }
        foreach (var (suite, passed, failed) in BySuite())
        {
            output.WriteLine($"{suite}: {passed} passed, {failed} failed");
        }
        output.WriteLine($"{Passed} passed, {Failed} failed");
    }
}
