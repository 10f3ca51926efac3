using Vigil.Detection.Alerts;

namespace Vigil.Server.Alerts;

/// <summary>The embedded alert store (SQLite under <c>--data</c>): alert documents kept whole, keyed by their deterministic ids.</summary>
public interface IAlertStore : IDisposable
{
    /// <summary>
    /// Stores the alerts whose ids are not stored yet (Kibana's create-by-id: a re-run never duplicates) and returns
    /// those, in the given order; atomically per call.
    /// </summary>
    IReadOnlyList<AlertDocument> WriteNew(IReadOnlyList<AlertDocument> alerts);

    bool Contains(string id);

    long Count { get; }
}
