using System.Text;

namespace Vigil.Cli.Tests.Fuzz;

/// <summary>
/// A short campaign per target on every test run (a regression fails the build), and the long campaign that
/// <c>bench/fuzz/run.sh TARGET SECONDS</c> starts through the environment.
/// </summary>
public sealed class FuzzTests
{
    [Theory]
    [InlineData("eql")]
    [InlineData("kql")]
    [InlineData("readers")]
    [InlineData("bulk")]
    [InlineData("toml")]
    [InlineData("kibana")]
    [InlineData("guide")]
    public void A_short_campaign_finds_no_crash_and_no_slow_input(string target)
    {
        var campaign = new FuzzCampaign(target, seed: 20261203);
        campaign.Run(TimeSpan.FromSeconds(8));
        Assert.True(campaign.Inputs > 50, $"{campaign.Inputs} inputs");
        Assert.True(campaign.SeedCount >= MinimumSeeds(target), $"{campaign.SeedCount} seeds for {target}: is the shared corpus found?");
        Assert.True(campaign.Findings.Count == 0, Describe(campaign.Findings));
    }

    /// <summary>Every input an earlier campaign crashed on (named <c>TARGET-what.bin</c>) goes through its target cleanly.</summary>
    [Theory]
    [InlineData("readers-lone-surrogate-0.bin")]
    [InlineData("bulk-lone-surrogate-0.bin")]
    [InlineData("kibana-lone-surrogate-0.bin")]
    public void An_earlier_find_no_longer_crashes_its_target(string file)
    {
        var input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzz", "Finds", file));
        var target = FuzzTargets.Get(file[..file.IndexOf('-')]);
        target(input);
    }

    [Fact]
    public void FuzzCampaign_from_the_environment()
    {
        var target = Environment.GetEnvironmentVariable("VIGIL_FUZZ_TARGET");
        if (string.IsNullOrEmpty(target))
        {
            return; // only bench/fuzz/run.sh sets it
        }
        var seconds = int.Parse(Environment.GetEnvironmentVariable("VIGIL_FUZZ_SECONDS") ?? "60", System.Globalization.CultureInfo.InvariantCulture);
        var seed = Environment.TickCount;
        var campaign = new FuzzCampaign(target, seed);
        var summary = campaign.Run(TimeSpan.FromSeconds(seconds)) + $", seed {seed}";
        var output = Environment.GetEnvironmentVariable("VIGIL_FUZZ_OUT") ?? Path.Combine(Path.GetTempPath(), $"vigil-fuzz-{target}");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "summary.txt"), summary + "\n");
        for (var i = 0; i < campaign.Findings.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(output, $"finding-{i}.bin"), campaign.Findings[i].Input);
            File.WriteAllText(Path.Combine(output, $"finding-{i}.txt"), campaign.Findings[i].Problem);
        }
        Assert.True(campaign.Findings.Count == 0, summary + "\n" + Describe(campaign.Findings));
    }

    // What the seed sources hold (the shipped rule and examples; with the shared corpus, hundreds more).
    private static int MinimumSeeds(string target) => target switch
    {
        "eql" => 200,
        "kql" => 200,
        "toml" => 50,
        "kibana" => 25,
        "guide" => 20,
        _ => 2,
    };

    private static string Describe(List<(byte[] Input, string Problem)> findings)
    {
        var text = new StringBuilder();
        foreach (var (input, problem) in findings)
        {
            var shown = Encoding.UTF8.GetString(input);
            text.Append(problem.Split('\n')[0]).Append(" on ").Append(shown.Length > 200 ? shown[..200] + "..." : shown).Append('\n');
        }
        return text.ToString();
    }
}
