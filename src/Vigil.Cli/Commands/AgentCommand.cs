using System.CommandLine;
using System.Runtime.InteropServices;
using Vigil.Agent.Sensor;
using Vigil.Cli.Scanning;
using Vigil.Detection.Engine;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil agent</c>: the Linux sensor. Process and network events in Elastic Defend's shape, to an NDJSON file or
/// stdout; with <c>--rules</c> the rules run in-process on the live stream and alerts are written as decided.
/// </summary>
public static class AgentCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output") { Description = "Write the events (NDJSON) to FILE, or '-' for stdout" };
        var rules = new Option<string[]>("--rules") { Description = "Rule files or directories (TOML) run in-process on the live stream", AllowMultipleArgumentsPerToken = true };
        var alerts = new Option<string>("--alerts") { Description = "Where alerts go (JSONL, Kibana's hit shape): FILE, or '-' for stdout", DefaultValueFactory = _ => "-" };
        var reorder = new Option<double>("--reorder-window") { Description = "Seconds events wait to be put in time order before the rules see them", DefaultValueFactory = _ => 2 };
        var bpf = new Option<string?>("--bpf-object") { Description = "The compiled BPF object (default: bpf/vigil_sensor.bpf.o beside vigil)" };
        var ship = new Option<string?>("--ship") { Description = "Ship the events to this Elasticsearch-compatible URL's _bulk (vigil serve, Elasticsearch): batched, retried, spooled while it is down" };
        var spool = new Option<string>("--spool") { Description = "Where --ship keeps batches the receiver has not taken yet", DefaultValueFactory = _ => "/var/lib/vigil/spool" };
        var duration = new Option<double>("--duration") { Description = "Stop after this many seconds (0: run until SIGINT/SIGTERM)", DefaultValueFactory = _ => 0 };
        var ring = new Option<int>("--ring-buffer") { Description = "Size of the kernel-to-agent ring buffer in MiB (a power of two); it counts twice in the agent's RSS", DefaultValueFactory = _ => AgentRunner.DefaultRingBufferBytes >> 20 };
        var command = new Command("agent", "Run the Linux sensor (eBPF): Defend-shaped process and network events; optionally run rules on them live");
        foreach (var o in new Option[] { output, rules, alerts, reorder, bpf, ship, spool, duration, ring })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var outputPath = parse.GetValue(output);
            var rulePaths = parse.GetValue(rules) ?? [];
            var alertsPath = parse.GetValue(alerts) ?? "-";
            var shipUrl = parse.GetValue(ship);
            Uri? shipUri = null;
            if (shipUrl is not null && (!Uri.TryCreate(shipUrl, UriKind.Absolute, out shipUri) || shipUri.Scheme is not ("http" or "https")))
            {
                stderr.WriteLine($"vigil agent: --ship: '{shipUrl}' is not an http(s) URL");
                return 2;
            }
            if (outputPath is null && rulePaths.Length == 0 && shipUri is null)
            {
                stderr.WriteLine("vigil agent: nothing to do: give --output FILE|-, --rules PATH and/or --ship URL");
                return 2;
            }
            if (outputPath == "-" && rulePaths.Length > 0 && alertsPath == "-")
            {
                stderr.WriteLine("vigil agent: --output - and alerts would share stdout: give --alerts FILE");
                return 2;
            }
            var ringMiB = parse.GetValue(ring);
            if (ringMiB is < 1 or > 1024 || !int.IsPow2(ringMiB))
            {
                stderr.WriteLine($"vigil agent: --ring-buffer: {ringMiB} is not a power of two between 1 and 1024 (MiB)");
                return 2;
            }
            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            var seconds = parse.GetValue(duration);
            if (seconds > 0)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }
            return Run(outputPath, rulePaths, alertsPath, TimeSpan.FromSeconds(parse.GetValue(reorder)),
                parse.GetValue(bpf) ?? AgentRunner.DefaultObjectPath, shipUri, parse.GetValue(spool) ?? "/var/lib/vigil/spool", ringMiB << 20, stderr, stop.Token);
        });
        return command;
    }

    private static int Run(string? outputPath, string[] rulePaths, string alertsPath, TimeSpan reorderWindow, string objectPath,
        Uri? ship, string spool, int ringBufferBytes, TextWriter stderr, CancellationToken token)
    {
        var sinks = new List<IEventSink>();
        using var disposables = new CompositeDisposable();
        if (outputPath is not null)
        {
            var stream = outputPath == "-" ? Console.OpenStandardOutput() : new FileStream(outputPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            disposables.Add(stream);
            sinks.Add(new NdjsonSink(stream));
        }
        if (ship is not null)
        {
            var shipper = new ShipSink(ship, spool, stderr);
            disposables.Add(shipper);
            sinks.Add(shipper);
        }
        if (rulePaths.Length > 0)
        {
            var ruleSet = RuleSetLoader.Load(rulePaths);
            foreach (var p in ruleSet.Problems)
            {
                stderr.WriteLine(p);
            }
            if (!RuleLoadSummary.From(ruleSet).Report(stderr, ruleSet.CannotRun, verbose: false))
            {
                return 2;
            }
            var alertStream = alertsPath == "-" ? Console.OpenStandardOutput() : new FileStream(alertsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            disposables.Add(alertStream);
            var options = new ScanOptions { SharedExceptions = ruleSet.Exceptions.Items, ExceptionLists = ruleSet.Exceptions };
            var index = ".alerts-security.alerts-" + options.SpaceId;
            sinks.Add(new LiveRulesSink(ruleSet.Prepared, options, reorderWindow, (_, alert) => FollowScan.Write(alertStream, alert, index)));
        }
        try
        {
            var runner = new AgentRunner(objectPath, sinks, stderr)
            {
                RingBufferBytes = ringBufferBytes,
                OnReady = () => stderr.WriteLine("vigil agent: sensor attached; watching processes and TCP/UDP connections"),
            };
            var summary = runner.Run(token);
            stderr.WriteLine($"vigil agent: {summary.Events} events in {summary.Elapsed.TotalSeconds:F1} s, {summary.Dropped} kernel records dropped (ring buffer full), {summary.Faults} records not turned into events");
            return summary.Dropped > 0 || summary.Faults > 0 ? 1 : 0;
        }
        catch (SensorUnavailableException e)
        {
            stderr.WriteLine($"vigil agent: cannot start: {e.Message}");
            return 3;
        }
    }

    private sealed class CompositeDisposable : IDisposable
    {
        private readonly List<IDisposable> items = [];

        public void Add(IDisposable item) => items.Add(item);

        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
