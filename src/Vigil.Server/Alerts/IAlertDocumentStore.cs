using System.Text.Json.Nodes;

namespace Vigil.Server.Alerts;

/// <summary>
/// What Kibana's alert API needs of the alert store beyond <see cref="IAlertStore"/>: reading documents (optionally
/// narrowed by an SQL prefilter over the indexed columns) and rewriting them (workflow status, tags, assignees).
/// A separate interface so that test doubles of <see cref="IAlertStore"/> keep compiling.
/// </summary>
public interface IAlertDocumentStore
{
    /// <summary>The Elasticsearch index name reported for stored alerts (<c>_index</c> of a hit).</summary>
    string IndexName { get; }

    StoredAlert? Get(string id);

    /// <summary>Documents in insertion order that may match <paramref name="prefilter"/> (all when null).</summary>
    IReadOnlyList<StoredAlert> Find(AlertPrefilter? prefilter);

    /// <summary>
    /// Applies <paramref name="mutate"/> to each existing document among <paramref name="ids"/> in one transaction and
    /// stores those for which it returns true. Returns how many of the ids exist.
    /// </summary>
    int Update(IReadOnlyCollection<string> ids, Func<JsonObject, bool> mutate);
}
