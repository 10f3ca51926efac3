using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Vigil.Server.Alerts.Delivery;

/// <summary>
/// Posts alerts from the store's outbox to the webhook, at least once: a delivery leaves the outbox only on a 2xx,
/// otherwise it is retried after 1 s, 2 s, 4 s … (up to the configured maximum); the outbox is in the database, so a
/// restart resends whatever was not acknowledged. The body is the alert as a search hit
/// (<c>{"_index","_id","_source"}</c>); <c>X-Vigil-Alert-Id</c> lets a receiver drop repeats.
/// </summary>
internal sealed class WebhookDispatcher : IDisposable
{
    private const int Batch = 32;

    private readonly SqliteAlertStore _store;
    private readonly Uri _url;
    private readonly AlertStoreOptions _options;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Task _loop;

    public WebhookDispatcher(SqliteAlertStore store, Uri url, AlertStoreOptions options)
    {
        _store = store;
        _url = url;
        _options = options;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = options.WebhookTimeout };
        _loop = Task.Run(RunAsync);
    }

    /// <summary>New deliveries are in the outbox.</summary>
    public void Notify()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var due = _store.DueDeliveries(Now(), Batch);
                foreach (var item in due)
                {
                    await DeliverAsync(item, token).ConfigureAwait(false);
                }
                if (due.Count == Batch)
                {
                    continue;
                }
                var next = _store.NextDeliveryDue();
                var wait = next is { } at ? Math.Clamp(at - Now(), 0, int.MaxValue) : Timeout.Infinite;
                if (wait != 0)
                {
                    await _wake.WaitAsync((int)wait, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException or InvalidOperationException)
            {
                _options.Log($"webhook: outbox read failed ({ex.Message}); retrying in 1 s");
                try
                {
                    await Task.Delay(1000, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DeliverAsync(OutboxItem item, CancellationToken token)
    {
        if (item.Json is null)
        {
            _options.Log($"webhook: alert {item.AlertId} is no longer stored; its delivery is dropped");
            _store.Delivered(item.Sequence);
            return;
        }
        string? failure;
        try
        {
            var body = new StringBuilder(item.Json.Length + 128)
                .Append("{\"_index\":").Append(System.Text.Json.JsonSerializer.Serialize(_store.IndexName))
                .Append(",\"_id\":").Append(System.Text.Json.JsonSerializer.Serialize(item.AlertId))
                .Append(",\"_source\":").Append(item.Json).Append('}').ToString();
            using var request = new HttpRequestMessage(HttpMethod.Post, _url)
            {
                Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.Add("X-Vigil-Alert-Id", item.AlertId);
            request.Headers.Add("X-Vigil-Delivery-Attempt", (item.Attempts + 1).ToString(CultureInfo.InvariantCulture));
            using var response = await _http.SendAsync(request, token).ConfigureAwait(false);
            failure = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            failure = ex.Message;
        }
        catch (TaskCanceledException) when (!token.IsCancellationRequested)
        {
            failure = $"no answer within {_options.WebhookTimeout.TotalSeconds:0.#} s";
        }
        if (failure is null)
        {
            _store.Delivered(item.Sequence);
            return;
        }
        var attempts = item.Attempts + 1;
        var delay = Backoff(attempts);
        _store.DeliveryFailed(item.Sequence, attempts, Now() + (long)delay.TotalMilliseconds, failure);
        _options.Log($"webhook: alert {item.AlertId} attempt {attempts} failed ({failure}); retrying in {delay.TotalSeconds:0.###} s");
    }

    /// <summary>base × 2^(attempts−1), at most the maximum.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var ms = _options.WebhookBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.WebhookMaxDelay.TotalMilliseconds));
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void Dispose()
    {
        _stopping.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends on cancellation; nothing else to report at shutdown.
        }
        _http.Dispose();
        _stopping.Dispose();
        _wake.Dispose();
    }
}
