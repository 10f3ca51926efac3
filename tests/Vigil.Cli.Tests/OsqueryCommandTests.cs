using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Agent.Osquery;
using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

public sealed class OsqueryCommandTests : IDisposable
{
    private static readonly string RepoRoot = RepoPaths.Root;
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-osquery-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static (int Code, string Out, string Err) Osquery(string sql, string format = "table", IOsqueryEngine? engine = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OsqueryRunner.Run(sql, format, engine ?? new HostQueryEngine(), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void TableOutputHasAHeaderTheRowsAndACount()
    {
        var (code, output, _) = Osquery("SELECT uid, username, shell FROM users WHERE uid = 0");
        Assert.Equal(0, code);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(["uid", "username", "shell"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^-+  -+  -+$", lines[1]);
        Assert.Equal(["0", "root", File.ReadLines("/etc/passwd").First(l => l.StartsWith("root:", StringComparison.Ordinal)).Split(':')[6]], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("(1 row)", lines[3]);
    }

    [Fact]
    public void JsonOutputIsAnArrayOfObjectsWithStringValuesLikeOsqueryi()
    {
        var (code, output, _) = Osquery("SELECT uid, username, NULL AS missing FROM users WHERE uid = 0", "json");
        Assert.Equal(0, code);
        var row = Assert.Single(JsonNode.Parse(output)!.AsArray())!.AsObject();
        Assert.Equal("0", (string?)row["uid"]);
        Assert.Equal("root", (string?)row["username"]);
        Assert.True(row.ContainsKey("missing") && row["missing"] is null);
    }

    [Fact]
    public void AnUnknownTableExitsOneNamingTheQueryAndOurTables()
    {
        var (code, output, err) = Osquery("SELECT * FROM dns_cache");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("no table named 'dns_cache'", err, StringComparison.Ordinal);
        Assert.Contains("listening_ports, logged_in_users, process_open_sockets, processes, users", err, StringComparison.Ordinal);
        Assert.Contains("query: SELECT * FROM dns_cache", err, StringComparison.Ordinal);
    }

    [Fact]
    public void ASqlErrorExitsOneWithSqlitesMessage()
    {
        var (code, _, err) = Osquery("SELECT pid FROM processes WHERE");
        Assert.Equal(1, code);
        Assert.Contains("incomplete input", err, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlCharactersInValuesAreNotWrittenToTheTerminal()
    {
        var (_, output, _) = Osquery("SELECT char(27) || '[31mred' AS v");
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("?[31mred", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCommandLineParsesTheNewOptions()
    {
        var parsed = Program.CreateRoot().Parse(["osquery", "--format", "json", "--osquery", "/opt/osqueryi", "--utmp", "/tmp/u", "SELECT 1"]);
        Assert.Empty(parsed.Errors);
        var guide = Program.CreateRoot().Parse(["guide", "a.ndjson", "--run", "--osquery", "osqueryi", "--utmp", "/tmp/u"]);
        Assert.Empty(guide.Errors);
        Assert.NotEmpty(Program.CreateRoot().Parse(["osquery", "--format", "csv", "SELECT 1"]).Errors);
    }

    [Fact]
    public void OsqueryOptionDelegatesToTheGivenExecutable()
    {
        string script = Path.Combine(dir, "osqueryi");
        File.WriteAllText(script, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{dir}/args'\necho '[{{\"pid\":\"7\",\"port\":\"22\"}}]'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var (code, output, _) = Osquery("SELECT pid, port FROM listening_ports", "json", OsqueryEngines.Create(script, null));

        Assert.Equal(0, code);
        Assert.Equal(["--json", "SELECT pid, port FROM listening_ports"], File.ReadAllLines(Path.Combine(dir, "args")));
        var row = Assert.Single(JsonNode.Parse(output)!.AsArray())!;
        Assert.Equal("22", (string?)row["port"]);
    }

    [Fact]
    public void GuideRunAnswersEverySeedQueryOnAnAlertFromTheExamples()
    {
        // An alert as `vigil scan --rules rules examples/` writes it, with its user made root (an account every
        // host has) and a utmp file in which root is logged in, so every seed query has rows to show.
        using var scanOut = new MemoryStream();
        int scan = ScanCommand.Run(
            new ScanCommand.ScanArguments { Rules = [Path.Combine(RepoRoot, "rules")], Events = [Path.Combine(RepoRoot, "examples")] },
            scanOut,
            new StringWriter());
        Assert.Equal(0, scan);
        var alert = Encoding.UTF8.GetString(scanOut.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!["_source"]!.AsObject())
            .First(s => s["kibana.alert.building_block_type"] is null);
        alert["user"]!["name"] = "root";
        string alertFile = Path.Combine(dir, "alert.json");
        File.WriteAllText(alertFile, alert.ToJsonString());
        string utmp = WriteUtmp("[7] [04242] [ts/0] [root    ] [pts/0       ] [198.51.100.4        ] [198.51.100.4   ] [2026-12-02T09:30:00,000000+00:00]");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = GuideRunner.Run(
            new GuideRequest(alertFile, null, null, null, null, "terminal", RunQueries: true, UtmpPath: utmp),
            new StringReader(""), stdout, stderr, color: false, RepoRoot);

        Assert.True(code == 0, stderr.ToString());
        var sections = Sections(stdout.ToString());
        Assert.Equal(6, sections.Count);
        (string Query, string[] Columns)[] expected =
        [
            ("SELECT pid, address, port, socket, protocol, path FROM listening_ports", ["pid", "address", "port", "socket", "protocol", "path"]),
            ("SELECT pid, family, remote_address, remote_port, socket, state FROM process_open_sockets", ["pid", "family", "remote_address", "remote_port", "socket", "state"]),
            ("SELECT * FROM users WHERE username = 'root'", ["uid", "gid", "uid_signed", "gid_signed", "username", "description", "directory", "shell", "uuid"]),
            ("SELECT * FROM logged_in_users WHERE user = 'root'", ["type", "user", "tty", "host", "time", "pid"]),
            ("SELECT pid, username, name FROM processes p JOIN users u ON u.uid = p.uid ORDER BY username", ["pid", "username", "name"]),
            ("SELECT name, cmdline, parent, path, uid FROM processes", ["name", "cmdline", "parent", "path", "uid"]),
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            var (query, header, rows) = sections[i];
            Assert.Equal(expected[i].Query, query);
            Assert.Equal(expected[i].Columns, header);
            Assert.True(rows.Count > 0, $"no rows for {query}");
        }

        Assert.Contains(sections[0].Rows, r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var pid, "127.0.0.1", var p, _, "6"] && pid == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) && p == port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("0 ", Assert.Single(sections[2].Rows), StringComparison.Ordinal);
        Assert.Equal(["user", "root", "pts/0", "198.51.100.4", "1796203800", "4242"], Assert.Single(sections[3].Rows).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void GuideRunReportsAFailingQueryAndExitsOne()
    {
        string note = "## Guide\n\n- !{osquery{\"label\":\"Osquery - DNS\",\"query\":\"SELECT * FROM dns_cache\"}}\n- !{osquery{\"label\":\"Osquery - Users\",\"query\":\"SELECT username FROM users WHERE username = {{user.name}}\"}}\n- !{osquery{\"label\":\"Osquery - Host\",\"query\":\"SELECT * FROM users WHERE username = {{host.name}}\"}}\n";
        var alert = new JsonObject { ["kibana.alert.uuid"] = "a1", ["kibana.alert.rule.note"] = note, ["user"] = new JsonObject { ["name"] = "root" } };
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = GuideRunner.Run(new GuideRequest(alert.ToJsonString(), null, null, null, null, "md", RunQueries: true), new StringReader(""), stdout, stderr, false, dir);

        Assert.Equal(1, code);
        string output = stdout.ToString();
        Assert.Contains("## Osquery results on this host", output, StringComparison.Ordinal);
        Assert.Contains("failed: no table named 'dns_cache'", output, StringComparison.Ordinal);
        Assert.Contains("root", output[output.IndexOf("Users", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("not run: the alert lacks host.name", output, StringComparison.Ordinal);
        Assert.Contains("query: SELECT * FROM dns_cache", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GuideRunWithHtmlIsAUsageError()
    {
        var stderr = new StringWriter();
        int code = GuideRunner.Run(new GuideRequest("{}", null, null, null, null, "html", RunQueries: true), new StringReader(""), new StringWriter(), stderr, false, dir);
        Assert.Equal(2, code);
        Assert.Contains("--run", stderr.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The result sections of the terminal output: the query line, the header's columns, the row lines.</summary>
    private static List<(string Query, string[] Header, List<string> Rows)> Sections(string output)
    {
        var sections = new List<(string, string[], List<string>)>();
        string[] lines = output[output.IndexOf("Osquery results on this host", StringComparison.Ordinal)..].Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("[osquery ", StringComparison.Ordinal))
            {
                continue;
            }

            string query = lines[i + 1].Trim();
            string[] header = lines[i + 2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var rows = new List<string>();
            for (int j = i + 4; j < lines.Length && !lines[j].StartsWith('('); j++)
            {
                rows.Add(lines[j]);
            }

            sections.Add((query, header, rows));
        }

        return sections;
    }

    private string WriteUtmp(string record)
    {
        string text = Path.Combine(dir, "utmp.txt");
        string utmp = Path.Combine(dir, "utmp");
        File.WriteAllText(text, record + "\n");
        var start = new System.Diagnostics.ProcessStartInfo("utmpdump") { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in new[] { "-r", "-o", utmp, text })
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        process.WaitForExit(10_000);
        Assert.Equal(0, process.ExitCode);
        return utmp;
    }
}
