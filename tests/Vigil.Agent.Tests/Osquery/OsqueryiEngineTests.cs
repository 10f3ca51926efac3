using Vigil.Agent.Osquery;

namespace Vigil.Agent.Tests.Osquery;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OsqueryiEngineTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-osqueryi-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>A stand-in osqueryi: records its arguments, prints the given output, exits with the given code.</summary>
    private string FakeOsqueryi(string output, int exitCode = 0, string stderr = "")
    {
        string script = Path.Combine(dir, "osqueryi");
        File.WriteAllText(Path.Combine(dir, "out.json"), output);
        File.WriteAllText(script, $"""
            #!/bin/sh
            for a in "$@"; do printf '%s\n' "$a"; done > "{dir}/args"
            cat "{dir}/out.json"
            printf '%s' '{stderr}' >&2
            exit {exitCode}
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    [Fact]
    public void TheQueryIsHandedToOsqueryiAndItsJsonRowsRead()
    {
        string exe = FakeOsqueryi("""[{"pid":"1","name":"systemd"},{"pid":"42","name":"sshd","extra":null}]""");
        const string sql = "SELECT pid, name FROM processes WHERE name = 'it''s'";

        var result = new OsqueryiEngine(exe).Run(sql);

        Assert.Null(result.Error);
        Assert.Equal(["--json", sql], File.ReadAllLines(Path.Combine(dir, "args")));
        Assert.Equal(["pid", "name", "extra"], result.Columns);
        Assert.Equal("1|systemd|<null>", string.Join('|', result.Rows[0].Select(v => v ?? "<null>")));
        Assert.Equal("42|sshd|<null>", string.Join('|', result.Rows[1].Select(v => v ?? "<null>")));
    }

    [Fact]
    public void AFailingOsqueryiIsAnErrorWithItsMessage()
    {
        string exe = FakeOsqueryi("", exitCode: 1, stderr: "Error: no such table: nope");
        var result = new OsqueryiEngine(exe).Run("SELECT * FROM nope");
        Assert.Contains("exited with code 1", result.Error, StringComparison.Ordinal);
        Assert.Contains("no such table: nope", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputThatIsNotJsonRowsIsAnError()
    {
        Assert.Contains("not JSON", new OsqueryiEngine(FakeOsqueryi("+-----+\n| pid |\n")).Run("SELECT 1").Error, StringComparison.Ordinal);
        Assert.Contains("not an array", new OsqueryiEngine(FakeOsqueryi("""{"pid":"1"}""")).Run("SELECT 1").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingOsqueryiIsAnError()
    {
        var result = new OsqueryiEngine(Path.Combine(dir, "not-installed")).Run("SELECT 1");
        Assert.Contains("cannot start", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AHangingOsqueryiIsStopped()
    {
        string script = Path.Combine(dir, "slow");
        File.WriteAllText(script, "#!/bin/sh\nexec sleep 30\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var started = DateTime.UtcNow;
        var result = new OsqueryiEngine(script, TimeSpan.FromMilliseconds(300)).Run("SELECT 1");
        Assert.Contains("was stopped", result.Error, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }
}
