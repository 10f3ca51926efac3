using Vigil.Detection.Alerts;
using Vigil.Server.Alerts;

namespace Vigil.Server.Tests.Fakes;

/// <summary>An alert store in memory for the HTTP tests until the SQLite store lands.</summary>
public sealed class InMemoryAlertStore : IAlertStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, AlertDocument> alerts = new(StringComparer.Ordinal);

    public long Count
    {
        get
        {
            lock (gate)
            {
                return alerts.Count;
            }
        }
    }

    public IReadOnlyList<AlertDocument> WriteNew(IReadOnlyList<AlertDocument> incoming) => [];

    public bool Contains(string id)
    {
        lock (gate)
        {
            return alerts.ContainsKey(id);
        }
    }

    public void Dispose()
    {
    }
}
