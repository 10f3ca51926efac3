using Vigil.Agent.Osquery;

namespace Vigil.Cli.Commands;

/// <summary>Runs `vigil osquery` against explicit streams (so tests can drive it). Exit codes: 0 ok, 1 the query failed.</summary>
public static class OsqueryRunner
{
    /// <summary>Runs one query and prints its rows.</summary>
    /// <param name="sql">The query.</param>
    /// <param name="format">table or json.</param>
    /// <param name="engine">What answers the query.</param>
    /// <param name="stdout">Receives the rows.</param>
    /// <param name="stderr">Receives warnings and the error.</param>
    public static int Run(string sql, string format, IOsqueryEngine engine, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var result = engine.Run(sql);
        WriteWarnings(result, "vigil osquery", stderr);
        if (result.Error is not null)
        {
            WriteError(result, "vigil osquery", stderr);
            return 1;
        }

        if (format == "json")
        {
            OsqueryResultWriter.WriteJson(result, stdout);
        }
        else
        {
            OsqueryResultWriter.WriteTable(result, stdout);
        }

        return 0;
    }

    /// <summary>Each warning of the result on its own line.</summary>
    public static void WriteWarnings(OsqueryResult result, string prefix, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stderr);
        foreach (string warning in result.Warnings)
        {
            stderr.WriteLine($"{prefix}: warning: {warning}");
        }
    }

    /// <summary>The error with the query it belongs to.</summary>
    public static void WriteError(OsqueryResult result, string prefix, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stderr);
        stderr.WriteLine($"{prefix}: query failed: {result.Error}");
        stderr.WriteLine($"  query: {result.Query.Trim()}");
    }
}
