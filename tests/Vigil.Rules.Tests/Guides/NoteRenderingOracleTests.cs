using System.Security.Cryptography;
using System.Text;
using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

/// <summary>
/// Every corpus rule with [transform] entries, rendered through the rule loader and <see cref="RuleGuideSource"/>,
/// must give byte for byte the note that Python's json.dumps(sort_keys=True, separators=(',',':')) and
/// string.Template.safe_substitute give (TestData/transform-render-sha256.tsv holds their SHA-256, computed with
/// Python 3.11 tomllib, so no rule text is copied here).
/// </summary>
public sealed class NoteRenderingOracleTests
{
    [Fact]
    public void CorpusNotesRenderExactlyAsDetectionRulesDoes()
    {
        string? shared = TestPaths.Shared();
        if (shared is null)
        {
            return;
        }

        string corpus = Path.Combine(shared, "corpus", "detection-rules");
        var failures = new List<string>();
        int checkedCount = 0;
        foreach (string line in File.ReadLines(TestPaths.TestData("transform-render-sha256.tsv")))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            string[] parts = line.Split('\t');
            string file = Path.Combine(corpus, parts[0]);
            var result = RuleLoader.LoadFile(file);
            var rule = result.Rules.Count == 1 ? result.Rules[0].Rule : null;
            if (rule is null)
            {
                failures.Add($"{parts[0]}: not loaded");
                continue;
            }

            string? note = RuleGuideSource.RenderNote(rule, null, out _);
            string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(note ?? "")));
            if (hash != parts[1])
            {
                failures.Add($"{parts[0]}: rendered note differs from Python's");
            }

            checkedCount++;
        }

        Assert.True(checkedCount >= 200, $"only {checkedCount} corpus rules checked");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void EveryCorpusGuideBlockParses()
    {
        string? shared = TestPaths.Shared();
        if (shared is null)
        {
            return;
        }

        string corpus = Path.Combine(shared, "corpus", "detection-rules");
        var failures = new List<string>();
        int blocks = 0;
        foreach (string line in File.ReadLines(TestPaths.TestData("transform-render-sha256.tsv")))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            string[] parts = line.Split('\t');
            var rule = RuleLoader.LoadFile(Path.Combine(corpus, parts[0])).Rules[0].Rule!;
            var guide = GuideBuilder.Build(RuleGuideSource.RenderNote(rule, null, out _)!, null);
            blocks += guide.Items.Count;
            failures.AddRange(guide.Diagnostics.Select(d => parts[0] + ": " + d));
            if (guide.Items.Count != int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture))
            {
                failures.Add($"{parts[0]}: {guide.Items.Count} blocks found, {parts[2]} blocks in the Python rendering");
            }
        }

        Assert.True(blocks > 1000, $"only {blocks} blocks");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
