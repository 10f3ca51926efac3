namespace Vigil.Agent.Osquery;

/// <summary>
/// An osquery-compatible table built from the host's files when a query names it. Rows hold long, double, string
/// or null values in column order; problems that cost rows (an unreadable file, a truncated record) go to
/// <c>warnings</c>, worded with the file they came from, so that no row is lost silently.
/// </summary>
public abstract class HostTable
{
    /// <summary>The table name, as in osquery.</summary>
    public abstract string Name { get; }

    /// <summary>The columns, in osquery's order.</summary>
    public abstract IReadOnlyList<HostTableColumn> Columns { get; }

    /// <summary>Reads the table's rows from the host.</summary>
    public abstract IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings);

    /// <summary>Columns from (name, type) pairs.</summary>
    protected static HostTableColumn[] Schema(params (string Name, string Type)[] columns) =>
        Array.ConvertAll(columns, c => new HostTableColumn(c.Name, c.Type));
}
