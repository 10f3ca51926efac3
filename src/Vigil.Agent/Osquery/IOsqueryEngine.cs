namespace Vigil.Agent.Osquery;

/// <summary>Something that answers osquery SQL on this host: Vigil's own tables, or an installed osqueryi.</summary>
public interface IOsqueryEngine
{
    /// <summary>Runs one query; never throws for bad SQL or unreadable host data (see <see cref="OsqueryResult.Error"/>).</summary>
    OsqueryResult Run(string sql);
}
