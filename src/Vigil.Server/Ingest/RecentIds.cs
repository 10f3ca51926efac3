namespace Vigil.Server.Ingest;

/// <summary>
/// The explicit <c>_id</c>s stored lately, per index, with their version: enough for <c>_create</c> to answer 409 on a
/// repeat and for <c>index</c> to say "updated". The store does not index ids, so this is memory only: the last
/// <see cref="PerIndex"/> ids of each index since start (docs/serve.md states the limit). Automatic ids are not kept:
/// they never repeat.
/// </summary>
public sealed class RecentIds
{
    public const int PerIndex = 100_000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, IndexIds> indices = new(StringComparer.Ordinal);

    /// <summary>Claims <paramref name="id"/> for a create; false when it is already stored (or claimed by a request in flight).</summary>
    public bool TryClaim(string index, string id)
    {
        lock (gate)
        {
            var ids = IdsOf(index);
            if (ids.Versions.ContainsKey(id))
            {
                return false;
            }
            ids.Add(id, 1);
            return true;
        }
    }

    /// <summary>Records an index-by-id and returns its version (1 when new, one more than the last otherwise).</summary>
    public long Bump(string index, string id)
    {
        lock (gate)
        {
            var ids = IdsOf(index);
            if (ids.Versions.TryGetValue(id, out long version))
            {
                ids.Versions[id] = version + 1;
                return version + 1;
            }
            ids.Add(id, 1);
            return 1;
        }
    }

    /// <summary>Forgets a claim whose write failed, so a retry is not refused.</summary>
    public void Release(string index, string id)
    {
        lock (gate)
        {
            if (indices.TryGetValue(index, out var ids))
            {
                ids.Versions.Remove(id);
            }
        }
    }

    private IndexIds IdsOf(string index)
    {
        if (!indices.TryGetValue(index, out var ids))
        {
            ids = new IndexIds();
            indices[index] = ids;
        }
        return ids;
    }

    private sealed class IndexIds
    {
        private readonly Queue<string> order = new();

        public Dictionary<string, long> Versions { get; } = new(StringComparer.Ordinal);

        public void Add(string id, long version)
        {
            Versions[id] = version;
            order.Enqueue(id);
            while (order.Count > PerIndex)
            {
                Versions.Remove(order.Dequeue());
            }
        }
    }
}
