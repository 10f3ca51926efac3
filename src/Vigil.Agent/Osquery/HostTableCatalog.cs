namespace Vigil.Agent.Osquery;

/// <summary>The osquery tables Vigil answers on this host, by name (osquery's names, case-insensitive like SQLite).</summary>
public static class HostTableCatalog
{
    /// <summary>Every table, sorted by name.</summary>
    public static IReadOnlyList<HostTable> All { get; } =
    [
        new CrontabTable(),
        new GroupsTable(),
        new KernelModulesTable(),
        new ListeningPortsTable(),
        new LoggedInUsersTable(),
        new ProcessOpenSocketsTable(),
        new ProcessesTable(),
        new UsersTable(),
    ];

    /// <summary>The table names, comma-separated, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(t => t.Name));

    /// <summary>The table called <paramref name="name"/>, or null.</summary>
    public static HostTable? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
