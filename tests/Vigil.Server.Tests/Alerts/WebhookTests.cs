using Vigil.Server.Alerts;

namespace Vigil.Server.Tests.Alerts;

public sealed class WebhookTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static AlertStoreOptions Options(Uri url) => new()
    {
        Webhook = url,
        WebhookBaseDelay = TimeSpan.FromMilliseconds(50),
        WebhookMaxDelay = TimeSpan.FromMilliseconds(400),
        WebhookTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Shell_and_single_alerts_are_posted_once_accepted_after_retries_with_back_off()
    {
        var scan = AlertSamples.Scan();
        var hand = AlertSamples.Hand().Values.ToList();
        // Kibana notifies per alert: the 3 sequence shells and the 5 single-event alerts, never the 6 building blocks.
        var expected = scan.Where(a => a.IsShell).Concat(hand).Select(a => a.Id).Order().ToList();
        Assert.Equal(8, expected.Count);

        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        using var store = new SqliteAlertStore(_dir.File("alerts.db"), Options(receiver.Url));
        store.WriteNew(scan);
        store.WriteNew(hand);
        store.WriteNew(scan); // nothing new: nothing more to send
        await WebhookReceiver.WaitUntilAsync(() => receiver.Accepted.Count == 8 && store.PendingDeliveries == 0);

        Assert.Equal(expected, receiver.Accepted.Keys.Order());
        Assert.Equal(0, store.PendingDeliveries);
        foreach (var (id, times) in receiver.Attempts)
        {
            Assert.Equal(3, times.Count);
            // 50 ms, then 100 ms between attempts (a little slack for timer resolution).
            Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(40), $"{id}: {times[1] - times[0]}");
            Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(90), $"{id}: {times[2] - times[1]}");
            var body = receiver.Accepted[id];
            Assert.Equal(id, body["_id"]!.GetValue<string>());
            Assert.Equal(id, body["_source"]!["kibana.alert.uuid"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_restart_resends_what_was_not_acknowledged()
    {
        var hand = AlertSamples.Hand().Values.ToList();
        await using (var refusing = await WebhookReceiver.StartAsync(failFirst: int.MaxValue))
        {
            using var store = new SqliteAlertStore(_dir.File("alerts.db"), Options(refusing.Url));
            store.WriteNew(hand);
            await WebhookReceiver.WaitUntilAsync(() => refusing.Attempts.Count == hand.Count);
            Assert.Equal(hand.Count, refusing.Attempts.Count);
            Assert.Empty(refusing.Accepted);
        }
        using (var offline = new SqliteAlertStore(_dir.File("alerts.db")))
        {
            Assert.Equal(hand.Count, offline.PendingDeliveries);
        }
        await using var accepting = await WebhookReceiver.StartAsync(failFirst: 0);
        using var restarted = new SqliteAlertStore(_dir.File("alerts.db"), Options(accepting.Url));
        await WebhookReceiver.WaitUntilAsync(() => restarted.PendingDeliveries == 0);
        Assert.Equal(hand.Select(a => a.Id).Order(), accepting.Accepted.Keys.Order());
        Assert.Equal(0, restarted.PendingDeliveries);
    }

    [Fact]
    public async Task Back_off_doubles_up_to_the_maximum()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 0);
        var options = Options(receiver.Url) with { WebhookBaseDelay = TimeSpan.FromSeconds(1), WebhookMaxDelay = TimeSpan.FromMinutes(5) };
        using var store = new SqliteAlertStore(_dir.File("b.db"));
        using var dispatcher = new Vigil.Server.Alerts.Delivery.WebhookDispatcher(store, receiver.Url, options);
        Assert.Equal(TimeSpan.FromSeconds(1), dispatcher.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(2), dispatcher.Backoff(2));
        Assert.Equal(TimeSpan.FromSeconds(256), dispatcher.Backoff(9));
        Assert.Equal(TimeSpan.FromMinutes(5), dispatcher.Backoff(10));
        Assert.Equal(TimeSpan.FromMinutes(5), dispatcher.Backoff(1000));
    }
}
