using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

/// <summary>
/// <c>vigil explain</c> on the seed rule's quiet fixtures names the condition that failed (checked by hand against
/// each fixture's events) or why the partial sequence expired; on an alert fixture it says the rule fired.
/// </summary>
public sealed class ExplainCommandTests
{
    private static readonly string Seed = Path.Combine(RulesTestCommandTests.RepoRoot(), "rules", "linux", "command_and_control_cat_network_activity");

    private static (int Code, string Out, string Err) Explain(string fixture)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ExplainCommand.Run(Seed + ".toml", [], [Path.Combine(Seed + ".fixtures", fixture)], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("capitalised_Cat.quiet.ndjson", "first failed: process.name \"Cat\" != \"cat\" (== is case-sensitive; use : for case-insensitive)")]
    [InlineData("non_shell_parent.quiet.ndjson", "first failed: process.parent.name \"python3\" is not one of (\"bash\", \"dash\", \"sh\", ...)")]
    [InlineData("excluded_rfc1918_10.quiet.ndjson", "first failed: destination.ip 10.11.12.13 is in 10.0.0.0/8 (cidrmatch)")]
    [InlineData("excluded_rfc1918_192_168.quiet.ndjson", "is in 192.168.0.0/16 (cidrmatch)")]
    [InlineData("excluded_ipv6_loopback.quiet.ndjson", "is in ::1 (cidrmatch)")]
    [InlineData("destination_ip_null.quiet.ndjson", "first failed: destination.ip is null")]
    [InlineData("destination_ip_missing.quiet.ndjson", "first failed: destination.ip is missing")]
    [InlineData("excluded_unspecified_0_0_0_0.quiet.ndjson", "destination.ip \"0.0.0.0\" == \"0.0.0.0\"")]
    [InlineData("connection_accepted.quiet.ndjson", "first failed: event.action \"connection_accepted\" is not one of (\"connection_attempted\", \"disconnect_received\")")]
    [InlineData("macos_host.quiet.ndjson", "first failed: host.os.type \"macos\" != \"linux\"")]
    [InlineData("fork_not_exec.quiet.ndjson", "first failed: event.action \"fork\" != \"exec\"")]
    [InlineData("connection_1500ms_after_exec.quiet.ndjson", "reached stage 1 of 2; expired: maxspan exceeded: gap 1500 ms > 1000 ms")]
    [InlineData("other_host_same_entity_id.quiet.ndjson", "reached stage 1 of 2; expired: a different join key value: host.id")]
    [InlineData("other_entity_id.quiet.ndjson", "reached stage 1 of 2; expired: a different join key value: process.entity_id")]
    [InlineData("network_before_exec.quiet.ndjson", "came before the stage 1 event")]
    public void QuietFixtureExplanationNamesTheFailure(string fixture, string phrase)
    {
        var (code, output, err) = Explain(fixture);
        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Contains("DID NOT FIRE.", output);
        Assert.Contains(phrase, output);
    }

    [Fact]
    public void AlertFixtureSaysItFiredAndShowsTheMatch()
    {
        var (code, output, _) = Explain("bash_parent_public_ipv4.alert.ndjson");
        Assert.Equal(0, code);
        Assert.Contains("FIRED: 1 alert from 1 match", output);
        Assert.Contains("bash_parent_public_ipv4.alert.ndjson:2", output);
        Assert.Contains("bash_parent_public_ipv4.alert.ndjson:3", output);
    }

    [Fact]
    public void RuleIdIsLookedUpInRules()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ExplainCommand.Run("afd04601-12fc-4149-9b78-9c3f8fe45d39", [Path.GetDirectoryName(Seed)!],
            [Path.Combine(Seed + ".fixtures", "capitalised_Cat.quiet.ndjson")], stdout, stderr);
        Assert.Equal(0, code);
        Assert.Contains("Network Activity Detected via cat", stdout.ToString());
        Assert.Equal(1, ExplainCommand.Run("no-such-rule", [Path.GetDirectoryName(Seed)!],
            [Path.Combine(Seed + ".fixtures", "capitalised_Cat.quiet.ndjson")], TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public void UntilStopsThePartialSequence()
    {
        var temp = Directory.CreateTempSubdirectory("vigil-explain-");
        try
        {
            var toml = File.ReadAllText(Seed + ".toml");
            var start = toml.IndexOf("query = '''", StringComparison.Ordinal);
            var end = toml.IndexOf("'''", start + 11, StringComparison.Ordinal);
            var query = toml[(start + 11)..end].TrimEnd() + "\nuntil [process where event.action == \"end\"]\n";
            var rule = Path.Combine(temp.FullName, "until.toml");
            File.WriteAllText(rule, toml[..(start + 11)] + query + toml[end..]);

            var lines = File.ReadAllLines(Path.Combine(Seed + ".fixtures", "bash_parent_public_ipv4.alert.ndjson"))
                .Where(l => !l.StartsWith("{\"//\"", StringComparison.Ordinal)).ToArray();
            var exec = System.Text.Json.Nodes.JsonNode.Parse(lines[0])!.AsObject();
            exec["@timestamp"] = "2026-11-27T10:00:00.100Z";
            exec["event"]!["action"] = "end";
            exec["event"]!["type"] = new System.Text.Json.Nodes.JsonArray("end");
            var events = Path.Combine(temp.FullName, "events.ndjson");
            File.WriteAllLines(events, [lines[0], exec.ToJsonString(), lines[1]]);

            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = ExplainCommand.Run(rule, [], [events], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            Assert.Contains("DID NOT FIRE.", stdout.ToString());
            Assert.Contains("reached stage 1 of 2; expired: until matched: events.ndjson:2", stdout.ToString());
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
