namespace Vigil.Agent.Osquery;

/// <summary>
/// The answer to one query: its columns and rows (values as text, the way osquery reports them; null for SQL NULL),
/// or the error that stopped it. Warnings name data that could not be read while building the tables.
/// </summary>
/// <param name="Query">The SQL as run.</param>
/// <param name="Columns">Result column names, in order.</param>
/// <param name="Rows">Result rows, each with one value per column.</param>
/// <param name="Error">Why the query gave no result, or null.</param>
/// <param name="Warnings">Problems reading the host's files (the rows they concern are missing).</param>
public sealed record OsqueryResult(
    string Query,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string?[]> Rows,
    string? Error,
    IReadOnlyList<string> Warnings)
{
    /// <summary>A failed query.</summary>
    public static OsqueryResult Failed(string query, string error, IReadOnlyList<string>? warnings = null) =>
        new(query, [], [], error, warnings ?? []);
}
