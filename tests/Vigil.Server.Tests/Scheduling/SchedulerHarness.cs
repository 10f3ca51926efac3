using Vigil.Server.Alerts;
using Vigil.Server.Clock;
using Vigil.Server.Hosting;
using Vigil.Server.Scheduling;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>A scheduler over fake stores and a manual clock, running in the background until disposed.</summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Task running;

    public SchedulerHarness(string dataDirectory, IReadOnlyList<string> rules, DateTimeOffset start,
        FakeSegmentStore? events = null, FakeAlertStore? alerts = null, IReadOnlyList<string>? exceptions = null,
        IAlertStore? realAlerts = null)
    {
        Clock = new ManualClock(start);
        Events = events ?? new FakeSegmentStore(Path.Combine(dataDirectory, "events"));
        Alerts = alerts ?? new FakeAlertStore();
        Context = new ServerContext
        {
            Options = new ServerOptions { DataDirectory = dataDirectory, Rules = rules, Exceptions = exceptions ?? [] },
            Clock = Clock,
            Events = Events,
            // A real store (SQLite) when the test needs what only it does; the fake otherwise.
            Alerts = realAlerts ?? Alerts,
            Log = line =>
            {
                lock (Log)
                {
                    Log.Add(line);
                }
            },
        };
        Directory.CreateDirectory(dataDirectory);
        Scheduler = new RuleScheduler(Context);
        running = Scheduler.RunAsync(stopping.Token);
    }

    public ManualClock Clock { get; }
    public FakeSegmentStore Events { get; }
    public FakeAlertStore Alerts { get; }
    public ServerContext Context { get; }
    public RuleScheduler Scheduler { get; }
    public List<string> Log { get; } = [];

    /// <summary>Waits (bounded) until every execution due at the clock's time has run.</summary>
    public async Task IdleAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Scheduler.WhenIdleAsync(limit.Token);
        if (running.IsFaulted)
        {
            await running;
        }
    }

    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await IdleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
        }
        stopping.Dispose();
    }
}
