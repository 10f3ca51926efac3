using System.Collections.Immutable;
using System.Text;
using CsCheck;
using Vigil.Events.Prefilter;

namespace Vigil.Events.Tests.Prefilter;

public sealed class LinePrefilterTests
{
    private static LineRequirement Requirement(params LiteralSet[] sets) => new([.. sets]);

    private static LiteralSet AnyOf(params PrefilterLiteral[] literals) => new([.. literals], "f");

    private static PrefilterLiteral Exact(string text) => PrefilterLiteral.Exact(Encoding.UTF8.GetBytes(text));

    private static PrefilterLiteral Folded(string text) => PrefilterLiteral.IgnoringCase(Encoding.UTF8.GetBytes(text));

    private static List<string> Candidates(LinePrefilter prefilter, string buffer)
    {
        var bytes = Encoding.UTF8.GetBytes(buffer);
        var ranges = new List<LineRange>();
        prefilter.FindCandidateLines(bytes, ranges);
        return ranges.ConvertAll(r => Encoding.UTF8.GetString(bytes, r.Start, r.Length));
    }

    [Fact]
    public void KeepsOnlyLinesThatMeetARequirement()
    {
        var prefilter = LinePrefilter.Create([Requirement(AnyOf(Exact("\"cat\"")), AnyOf(Exact("\"exec\"")))]);
        var lines = Candidates(prefilter, "{\"a\":\"cat\",\"b\":\"exec\"}\n{\"a\":\"cat\"}\n{\"a\":\"dog\",\"b\":\"exec\"}\n{\"b\":\"exec\",\"a\":\"cat\"}");
        Assert.Equal(["{\"a\":\"cat\",\"b\":\"exec\"}", "{\"b\":\"exec\",\"a\":\"cat\"}"], lines);
    }

    [Fact]
    public void EscapesAlwaysKeepTheLine()
    {
        var prefilter = LinePrefilter.Create([Requirement(AnyOf(Exact("\"cat\"")))]);
        Assert.Equal(["{\"a\":\"c\\u0061t\"}", "{\"p\":\"\\/bin\"}"],
            Candidates(prefilter, "{\"a\":\"c\\u0061t\"}\n{\"a\":\"dog\"}\n{\"p\":\"\\/bin\"}\n{\"p\":\"C:\\\\x\"}\n"));
    }

    [Fact]
    public void CaseInsensitiveLiteralsMatchAnyCaseAndFoldHazardsKeepTheLine()
    {
        var prefilter = LinePrefilter.Create([Requirement(AnyOf(Folded("\"Bash\"")))]);
        Assert.Equal(["{\"n\":\"BASH\"}", "{\"n\":\"bAsH\"}", "{\"n\":\"ba\u017Fh\"}"],
            Candidates(prefilter, "{\"n\":\"BASH\"}\n{\"n\":\"bAsH\"}\n{\"n\":\"bas\"}\n{\"n\":\"ba\u017Fh\"}"));
        // Without case-insensitive literals the fold hazards are not triggers.
        Assert.Empty(Candidates(LinePrefilter.Create([Requirement(AnyOf(Exact("\"cat\"")))]), "{\"n\":\"\u212A\"}"));
    }

    [Fact]
    public void AnUnconstrainedRequirementPassesEveryNonEmptyLine()
    {
        var prefilter = LinePrefilter.Create([Requirement(AnyOf(Exact("xyz"))), LineRequirement.Unconstrained]);
        Assert.True(prefilter.PassesEverything);
        Assert.Equal(["a", "b"], Candidates(prefilter, "a\n\nb\n"));
    }

    [Fact]
    public void MarkCandidateLinesMapsToTheCallersLines()
    {
        var prefilter = LinePrefilter.Create([Requirement(AnyOf(Exact("hit")))]);
        var bytes = "one hit\ntwo\nthree hit\nfour\n"u8.ToArray();
        int[] starts = [0, 8, 12, 22];
        var keep = new bool[4];
        prefilter.MarkCandidateLines(bytes, starts, keep);
        Assert.Equal([true, false, true, false], keep);
    }

    [Fact]
    public void CalibrationPicksTheRarestSetAndKeepsTheSameLines()
    {
        var requirement = Requirement(AnyOf(Exact("common")), AnyOf(Exact("rare1")));
        var buffer = string.Join('\n', Enumerable.Range(0, 200).Select(i => i % 50 == 0 ? "common rare1" : "common " + i));
        var prefilter = LinePrefilter.Create([requirement]);
        var calibrated = prefilter.Calibrate(Encoding.UTF8.GetBytes(buffer));
        Assert.Equal("rare1", Encoding.UTF8.GetString(calibrated.Anchors[0].Alternatives[0].Bytes));
        Assert.Equal(Candidates(prefilter, buffer), Candidates(calibrated, buffer));
        Assert.Equal(4, Candidates(calibrated, buffer).Count);
    }

    // Random buffers over a tiny alphabet (so literals occur often, across vector-block boundaries and in the tail)
    // and random requirements: the fast scan must keep exactly the lines a plain byte-by-byte check keeps.
    private static readonly Gen<string> Line = Gen.Char["abcABC\"\\u/ x"].Array[0, 120].Select(chars => new string(chars));

    private static readonly Gen<PrefilterLiteral> Literal = Gen.Select(Gen.Char["abcAB\""].Array[1, 5], Gen.Bool)
        .Select((chars, fold) => fold ? Folded(new string(chars)) : Exact(new string(chars)));

    private static readonly Gen<LineRequirement> RandomRequirement =
        Literal.Array[1, 3].Select(ls => new LiteralSet([.. ls], "f")).Array[1, 3].Select(sets => new LineRequirement([.. sets]));

    [Fact]
    public void FastScanKeepsExactlyTheLinesThePlainCheckKeeps()
    {
        Gen.Select(Line.Array[0, 40], RandomRequirement.Array[1, 3], Gen.Bool).Sample((lines, requirements, trailingLineFeed) =>
        {
            var buffer = string.Join('\n', lines) + (trailingLineFeed ? "\n" : "");
            var prefilter = LinePrefilter.Create(requirements);
            var anyFolded = requirements.Any(r => r.AllOf.Any(s => s.Alternatives.Any(l => l.IgnoreCase)));
            var expected = lines.Where(line => line.Length > 0 && PlainKeeps(line, requirements, anyFolded)).ToList();
            Assert.Equal(expected, Candidates(prefilter, buffer));
            Assert.Equal(expected, lines.Where(line => line.Length > 0 && prefilter.MayMatch(Encoding.UTF8.GetBytes(line))).ToList());
        }, iter: 3000);
    }

    private static bool PlainKeeps(string line, LineRequirement[] requirements, bool anyFolded) =>
        line.Contains("\\u", StringComparison.Ordinal)
        || line.Contains("\\/", StringComparison.Ordinal)
        || (anyFolded && (line.Contains('\u0130') || line.Contains('\u0131') || line.Contains('\u017F') || line.Contains('\u212A')))
        || requirements.Any(r => r.AllOf.All(set => set.Alternatives.Any(literal => PlainContains(line, literal))));

    private static bool PlainContains(string line, PrefilterLiteral literal)
    {
        var needle = Encoding.UTF8.GetString(literal.Bytes);
        return line.Contains(needle, literal.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}
