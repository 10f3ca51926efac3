namespace Vigil.Server.Ingest;

/// <summary>
/// Bounds the ingest requests worked on at once (each holds its whole body in memory): a request over the bound waits
/// up to <see cref="Patience"/>, then is refused with 429, which every Elasticsearch shipper backs off and retries.
/// </summary>
public sealed class IngestThrottle(int concurrent, TimeSpan patience) : IDisposable
{
    private readonly SemaphoreSlim slots = new(concurrent, concurrent);

    public int Concurrent { get; } = concurrent;

    public TimeSpan Patience { get; } = patience;

    /// <summary>A slot to dispose when done, or null when none came free in time.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        return await slots.WaitAsync(Patience, cancellationToken).ConfigureAwait(false) ? new Slot(slots) : null;
    }

    public void Dispose() => slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
