using Vigil.Detection.Alerts;

namespace Vigil.Server.Alerts;

/// <summary>Alerts in SQLite (Microsoft.Data.Sqlite): the document whole plus indexed columns.</summary>
public sealed class SqliteAlertStore : IAlertStore
{
    public SqliteAlertStore(string databasePath)
    {
        DatabasePath = databasePath;
    }

    public string DatabasePath { get; }

    public long Count => throw new NotImplementedException();

    public IReadOnlyList<AlertDocument> WriteNew(IReadOnlyList<AlertDocument> alerts) => throw new NotImplementedException();

    public bool Contains(string id) => throw new NotImplementedException();

    public void Dispose()
    {
    }
}
