namespace Vigil.Agent.Osquery;

/// <summary>One column of a host table: osquery's documented name and type (TEXT, INTEGER, BIGINT or DOUBLE).</summary>
/// <param name="Name">The column name, as in osquery's table spec.</param>
/// <param name="SqlType">The declared type; SQLite gives BIGINT integer affinity, like osquery.</param>
public sealed record HostTableColumn(string Name, string SqlType);
