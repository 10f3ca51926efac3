using System.Collections.Concurrent;
using Vigil.Agent.Sensor;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;

namespace Vigil.Agent.Tests.Sensor;

/// <summary>The real sensor on a background thread, with the shipped rules run live on its stream; stopped on dispose.</summary>
internal sealed class RunningAgent : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;
    private readonly ManualResetEventSlim ready = new();
    private Exception? failure;

    public RunningAgent(string? rulesPath)
    {
        var sinks = new List<IEventSink> { Captured };
        if (rulesPath is not null)
        {
            var ruleSet = RuleSetLoader.Load([rulesPath]);
            Assert.NotEmpty(ruleSet.Prepared);
            sinks.Add(new LiveRulesSink(ruleSet.Prepared, new ScanOptions(), TimeSpan.FromSeconds(1), (_, alert) => Alerts.Enqueue(alert)));
        }
        var runner = new AgentRunner(AgentRunner.DefaultObjectPath, sinks, new StringWriter()) { OnReady = ready.Set };
        thread = new Thread(() =>
        {
            try
            {
                Summary = runner.Run(stop.Token);
            }
            catch (Exception e)
            {
                failure = e;
                ready.Set();
            }
        }) { IsBackground = true, Name = "vigil agent under test" };
        thread.Start();
        if (!ready.Wait(TimeSpan.FromSeconds(60)) || failure is not null)
        {
            throw new InvalidOperationException("the agent did not start", failure);
        }
    }

    public CapturingSink Captured { get; } = new();

    public ConcurrentQueue<AlertDocument> Alerts { get; } = new();

    public AgentRunSummary Summary { get; private set; }

    /// <summary>Stops the agent and waits for it to deliver what the ring buffer still holds.</summary>
    public void Stop()
    {
        stop.Cancel();
        thread.Join(TimeSpan.FromSeconds(30));
        if (failure is not null)
        {
            throw new InvalidOperationException("the agent failed", failure);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        thread.Join(TimeSpan.FromSeconds(30));
        stop.Dispose();
        ready.Dispose();
    }
}
