using Vigil.Detection.Alerts;
using Vigil.Server.Alerts;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>An in-memory alert store with Kibana's create-by-id: an id already stored is not written again.</summary>
internal sealed class FakeAlertStore : IAlertStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, AlertDocument> byId = new(StringComparer.Ordinal);

    /// <summary>Every alert stored, in write order.</summary>
    public List<AlertDocument> Stored { get; } = [];

    /// <summary>How many alerts were offered in all (stored or not).</summary>
    public long Offered { get; private set; }

    public IReadOnlyList<AlertDocument> WriteNew(IReadOnlyList<AlertDocument> alerts)
    {
        lock (gate)
        {
            Offered += alerts.Count;
            var created = new List<AlertDocument>();
            foreach (var alert in alerts)
            {
                if (byId.TryAdd(alert.Id, alert))
                {
                    created.Add(alert);
                    Stored.Add(alert);
                }
            }
            return created;
        }
    }

    public bool Contains(string id)
    {
        lock (gate)
        {
            return byId.ContainsKey(id);
        }
    }

    public long Count
    {
        get
        {
            lock (gate)
            {
                return byId.Count;
            }
        }
    }

    public void Dispose()
    {
    }
}
