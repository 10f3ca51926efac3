using Vigil.Agent.Osquery;

namespace Vigil.Agent.Tests.Osquery;

public sealed class AccountTablesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-osquery-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void UsersAgreesWithGetentOnRoot()
    {
        // getent (glibc's NSS) is the oracle: root:x:0:0:gecos:home:shell
        string[] root = HostQuery.Tool("getent", "passwd", "root").Split(':');

        var row = Assert.Single(HostQuery.Rows("SELECT uid, gid, uid_signed, username, description, directory, shell FROM users WHERE username = 'root'"));

        Assert.Equal(("0", "0", "0", root[4], root[5], root[6]), (row["uid"], row["gid"], row["uid_signed"], row["description"], row["directory"], row["shell"]));
    }

    [Fact]
    public void UsersHasOneRowPerPasswdLine()
    {
        int lines = File.ReadAllLines("/etc/passwd").Count(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.Equal(lines, HostQuery.Rows("SELECT username FROM users").Count);
    }

    [Fact]
    public void AShortPasswdLineIsReportedByLineAndTheRestIsRead()
    {
        string passwd = Path.Combine(dir, "passwd");
        File.WriteAllText(passwd, "root:x:0:0:root:/root:/bin/bash\nbroken:x:12\nnobody:x:4294967294:4294967294:Kernel Overflow User:/:/sbin/nologin\n");
        var sources = HostSources.Default with { PasswdPath = passwd };

        var result = new HostQueryEngine(sources).Run("SELECT username, uid, uid_signed FROM users ORDER BY uid");

        Assert.Null(result.Error);
        Assert.Equal("root|0|0", string.Join('|', result.Rows[0]));
        Assert.Equal("nobody|4294967294|-2", string.Join('|', result.Rows[1]));
        Assert.Equal(2, result.Rows.Count);
        Assert.Contains(result.Warnings, w => w.Contains(passwd + ":2:", StringComparison.Ordinal));
    }

    [Fact]
    public void GroupsReadsTheGroupFile()
    {
        string group = Path.Combine(dir, "group");
        File.WriteAllText(group, "root:x:0:\nadm:x:4:syslog,alice\n");
        var rows = HostQuery.Rows("SELECT gid, groupname FROM groups ORDER BY gid", HostSources.Default with { GroupPath = group });
        Assert.Equal(["0 root", "4 adm"], rows.Select(r => $"{r["gid"]} {r["groupname"]}"));
    }

    [Fact]
    public void LoggedInUsersReadsAUtmpFileWrittenByUtmpdump()
    {
        // utmpdump (util-linux) writes the binary records from its text form: the oracle for the record layout.
        // Fields: [type] [pid] [id] [user] [line] [host] [address] [time]
        string text = string.Join('\n',
            "[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0               ] [0.0.0.0        ] [2026-12-01T08:00:00,000000+00:00]",
            "[1] [00001] [~~  ] [runlevel] [~           ] [6.1.0               ] [0.0.0.0        ] [2026-12-01T08:00:05,000000+00:00]",
            "[7] [04242] [ts/0] [alice   ] [pts/0       ] [203.0.113.9         ] [203.0.113.9    ] [2026-12-02T09:30:00,000000+00:00]",
            "[7] [05151] [tty1] [bob     ] [tty1        ] [                    ] [0.0.0.0        ] [2026-12-02T10:00:00,000000+00:00]",
            "[8] [06000] [ts/1] [        ] [pts/1       ] [                    ] [0.0.0.0        ] [2026-12-02T11:00:00,000000+00:00]") + "\n";
        string textFile = Path.Combine(dir, "utmp.txt");
        string utmp = Path.Combine(dir, "utmp");
        File.WriteAllText(textFile, text);
        HostQuery.Tool("utmpdump", "-r", "-o", utmp, textFile);

        var rows = HostQuery.Rows("SELECT type, user, tty, host, time, pid FROM logged_in_users", HostSources.Default.WithUtmp(utmp));

        // The runlevel record has pid 1 and is left out, as osquery does. Times checked with Python's datetime.
        Assert.Equal(
        [
            "boot_time|reboot|~|6.1.0|1796112000|0",
            "user|alice|pts/0|203.0.113.9|1796203800|4242",
            "user|bob|tty1||1796205600|5151",
            "dead||pts/1||1796209200|6000",
        ],
            rows.Select(r => string.Join('|', r["type"], r["user"], r["tty"], r["host"], r["time"], r["pid"])));
        Assert.Equal(1796203800, new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds());
    }

    [Fact]
    public void ATruncatedUtmpRecordIsReportedAndTheWholeOnesKept()
    {
        string utmp = Path.Combine(dir, "utmp");
        var record = new byte[384];
        record[0] = 7;
        BitConverter.TryWriteBytes(record.AsSpan(4), 77);
        "alice"u8.CopyTo(record.AsSpan(44));
        File.WriteAllBytes(utmp, [.. record, .. new byte[100]]);

        var result = new HostQueryEngine(HostSources.Default.WithUtmp(utmp)).Run("SELECT user, pid FROM logged_in_users");

        Assert.Equal("alice|77", string.Join('|', Assert.Single(result.Rows)));
        Assert.Contains(result.Warnings, w => w.Contains("100 bytes", StringComparison.Ordinal) && w.Contains(utmp, StringComparison.Ordinal));
    }

    [Fact]
    public void ANonexistentUtmpMeansNobodyIsLoggedIn()
    {
        var result = new HostQueryEngine(HostSources.Default.WithUtmp(Path.Combine(dir, "none"))).Run("SELECT * FROM logged_in_users");
        Assert.Null(result.Error);
        Assert.Empty(result.Rows);
        Assert.Equal(["type", "user", "tty", "host", "time", "pid"], result.Columns);
    }

    [Fact]
    public void CrontabSplitsScheduleAndCommand()
    {
        string crontab = Path.Combine(dir, "crontab");
        File.WriteAllText(crontab, "SHELL=/bin/sh\n# comment\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n@reboot /usr/local/bin/start\n");
        var rows = HostQuery.Rows("SELECT event, minute, hour, day_of_week, command, path FROM crontab", HostSources.Default with { CrontabPaths = [crontab] });
        Assert.Equal(2, rows.Count);
        Assert.Equal(("", "17", "*", "*", "root cd / && run-parts --report /etc/cron.hourly", crontab), (rows[0]["event"], rows[0]["minute"], rows[0]["hour"], rows[0]["day_of_week"], rows[0]["command"], rows[0]["path"]));
        Assert.Equal(("@reboot", "/usr/local/bin/start"), (rows[1]["event"], rows[1]["command"]));
    }
}
