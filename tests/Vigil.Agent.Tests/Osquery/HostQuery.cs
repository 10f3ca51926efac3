using Vigil.Agent.Osquery;

namespace Vigil.Agent.Tests.Osquery;

/// <summary>Runs a query on the host tables and hands back its rows by column name; a failed query fails the test.</summary>
internal static class HostQuery
{
    public static List<Dictionary<string, string?>> Rows(string sql, HostSources? sources = null)
    {
        var result = new HostQueryEngine(sources ?? HostSources.Default).Run(sql);
        Assert.True(result.Error is null, $"{sql}: {result.Error}");
        return result.Rows.Select(row => result.Columns.Select((c, i) => (c, row[i])).ToDictionary(p => p.c, p => p.Item2)).ToList();
    }

    /// <summary>The output of a system tool (an oracle independent of our parsing), trimmed.</summary>
    public static string Tool(string file, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(10_000), $"{file} did not finish");
        Assert.Equal(0, process.ExitCode);
        return output.Trim();
    }
}
