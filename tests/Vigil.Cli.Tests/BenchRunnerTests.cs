using System.Text;
using Vigil.Cli.Bench;

namespace Vigil.Cli.Tests;

public sealed class BenchRunnerTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"vigil-bench-{Guid.NewGuid():N}.ndjson");

    public BenchRunnerTests()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            var name = i % 10 == 3 ? "cat" : "dog";
            lines.Append($$$"""{"@timestamp":"2026-11-27T08:00:{{{i:00}}}Z","event":{"category":["process"]},"process":{"name":"{{{name}}}","padding":"{{{new string('x', i * 7)}}}"}}""");
            lines.Append('\n');
        }
        // The last line has no line feed.
        lines.Append("""{"@timestamp":"2026-11-27T08:01:00Z","event":{"category":["process"]},"process":{"name":"cat"}}""");
        File.WriteAllText(file, lines.ToString());
    }

    public void Dispose() => File.Delete(file);

    [Fact]
    public void ChunksCarryPartialLinesAndGrowForLongOnes()
    {
        var seen = new List<string>();
        var total = new LineChunkReader(file, chunkBytes: 64).ReadAll((chunk, _) =>
            seen.AddRange(Encoding.UTF8.GetString(chunk).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(new FileInfo(file).Length, total);
        Assert.Equal(File.ReadAllText(file).Split('\n'), seen);
    }

    [Fact]
    public void EveryPassSeesEveryLineAndThePrefilterChangesNoResult()
    {
        var runner = new BenchRunner(file, chunkBytes: 256);
        var rules = BenchRuleSet.FromQuery("process where process.name == \"cat\"");
        Assert.Empty(rules.Problems);
        var tokenize = runner.Tokenize();
        var scan = runner.Scan(rules.Union);
        var with = runner.Evaluate(rules, usePrefilter: true);
        var without = runner.Evaluate(rules, usePrefilter: false);
        Assert.Equal(41, tokenize.Lines);
        // Lines 3, 13, 23, 33 and the last one name cat.
        Assert.Equal(5, scan.ParsedLines);
        Assert.Equal(5, with.ParsedLines);
        Assert.Equal(41, without.ParsedLines);
        Assert.Equal(5, with.Matches);
        Assert.Equal(without.Matches, with.Matches);
    }
}
