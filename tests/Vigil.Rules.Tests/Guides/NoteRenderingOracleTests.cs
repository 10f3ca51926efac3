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
    private static readonly AlertDocument SampleAlert = AlertDocument.Parse(
        "{\"@timestamp\":\"2026-03-04T10:20:30Z\",\"user\":{\"name\":\"root\",\"id\":\"0\"},\"host\":{\"id\":\"h1\",\"name\":\"web-1\"},\"process\":{\"pid\":42,\"entity_id\":\"e1\",\"executable\":\"/bin/cat\"}}");

    [Fact]
    public void CorpusNotesRenderExactlyAsDetectionRulesDoesAndEveryBlockParses()
    {
        string? shared = TestPaths.Shared();
        if (shared is null)
        {
            return;
        }

        string corpus = Path.Combine(shared, "corpus", "detection-rules");
        var failures = new List<string>();
        int checkedCount = 0, blocks = 0;
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

            // The same note through the guide: every block found and readable.
            var guide = GuideBuilder.Build(note ?? "", SampleAlert);
            blocks += guide.Items.Count;
            failures.AddRange(guide.Diagnostics.Select(d => parts[0] + ": " + d));
            if (guide.Items.Count != int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture))
            {
                failures.Add($"{parts[0]}: {guide.Items.Count} blocks found, {parts[2]} in the Python rendering");
            }

            // Every renderer copes with every corpus guide, and each block shows up in the terminal text.
            string terminal = TerminalGuideRenderer.Render(guide, color: false);
            foreach (var item in guide.Items)
            {
                if (!terminal.Contains(item.Tag + " ", StringComparison.Ordinal) && !terminal.Contains("`!{", StringComparison.Ordinal))
                {
                    failures.Add($"{parts[0]}: {item.Tag} missing from the terminal rendering");
                }
            }

            Assert.StartsWith("<!DOCTYPE html>", HtmlGuideRenderer.Render(guide));
            Assert.DoesNotContain("!{osquery{", MarkdownGuideRenderer.Render(guide));

            string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(note ?? "")));
            if (hash != parts[1])
            {
                failures.Add($"{parts[0]}: rendered note differs from Python's");
            }

            checkedCount++;
        }

        Assert.True(checkedCount >= 200, $"only {checkedCount} corpus rules checked");
        Assert.True(blocks > 1000, $"only {blocks} blocks");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
