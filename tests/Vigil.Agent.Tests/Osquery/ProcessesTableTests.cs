using System.Diagnostics;
using System.Globalization;

namespace Vigil.Agent.Tests.Osquery;

public sealed class ProcessesTableTests
{
    private static readonly string Pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void OurOwnProcessHasPsCommandLineAndParent()
    {
        // ps (procps) is the oracle: its own reading of the process table.
        string parent = HostQuery.Tool("ps", "-o", "ppid=", "-p", Pid);
        string args = HostQuery.Tool("ps", "-ww", "-o", "args=", "-p", Pid);
        string uid = HostQuery.Tool("id", "-u");

        var row = Assert.Single(HostQuery.Rows($"SELECT pid, cmdline, parent, uid, euid, path, on_disk, threads, state FROM processes WHERE pid = {Pid}"));

        Assert.Equal(args, row["cmdline"]);
        Assert.Equal(parent, row["parent"]);
        Assert.Equal(uid, row["uid"]);
        Assert.Equal(uid, row["euid"]);
        Assert.Equal(Environment.ProcessPath, row["path"]);
        Assert.Equal("1", row["on_disk"]);
        Assert.True(long.Parse(row["threads"]!, CultureInfo.InvariantCulture) > 1, "a .NET process runs several threads");
        Assert.Contains(row["state"], new[] { "R", "S" });
    }

    [Fact]
    public void AChildWeStartIsListedWithUsAsItsParent()
    {
        var start = new ProcessStartInfo("/usr/bin/sleep") { UseShellExecute = false };
        start.ArgumentList.Add("30");
        using var child = Process.Start(start)!;
        try
        {
            long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var row = Assert.Single(HostQuery.Rows($"SELECT name, cmdline, parent, path, start_time FROM processes WHERE pid = {child.Id}"));

            Assert.Equal("sleep", row["name"]);
            Assert.Equal("/usr/bin/sleep 30", row["cmdline"]);
            Assert.Equal(Pid, row["parent"]);
            Assert.Equal(new FileInfo("/usr/bin/sleep").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "/usr/bin/sleep", row["path"]);
            long started = long.Parse(row["start_time"]!, CultureInfo.InvariantCulture);
            Assert.InRange(started, before - 60, before + 2);

            // The seed guide's join: the child's account name comes from users.
            var joined = Assert.Single(HostQuery.Rows($"SELECT p.pid, u.username FROM processes p JOIN users u ON u.uid = p.uid WHERE p.pid = {child.Id}"));
            Assert.Equal(HostQuery.Tool("id", "-un"), joined["username"]);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void EveryProcessPsSeesIsListed()
    {
        // Processes start, end and are re-parented between the two readings (other builds run on this machine),
        // so a few may differ; the rest must agree.
        var ours = HostQuery.Rows("SELECT pid, parent FROM processes").ToDictionary(r => r["pid"]!, r => r["parent"]);
        var theirs = HostQuery.Tool("ps", "-e", "-o", "pid=,ppid=").Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        int agree = theirs.Count(p => ours.TryGetValue(p[0], out string? parent) && parent == p[1]);
        Assert.True(agree >= theirs.Count - 3, $"{agree} of {theirs.Count} ps processes found with the same parent");
        Assert.True(theirs.Count > 3);
    }

    [Theory]
    [InlineData("1234 (cat) S 1 1234 1234 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 555 1000 10 18446744073709551615", "S", 1, 7, 3, 0, 1, 555)]
    [InlineData("99 (a) b) (c) R 42 99 99 0 -1 0 0 0 0 0 250 125 0 0 20 -5 4 0 9000 1 1 0", "R", 42, 250, 125, -5, 4, 9000)]
    public void StatLinesAreSplitAfterTheCommandName(string line, string state, long parent, long utime, long stime, long nice, long threads, long start)
    {
        var stat = Vigil.Agent.Osquery.ProcessStat.Parse(line)!.Value;
        Assert.Equal((state, parent, utime, stime, nice, threads, start), (stat.State, stat.Parent, stat.UserTicks, stat.SystemTicks, stat.Nice, stat.Threads, stat.StartTicks));
    }
}
