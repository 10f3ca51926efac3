using System.CommandLine;
using Vigil.Cli.Input;
using Vigil.Cli.Output;
using Vigil.Cli.Scanning;
using Vigil.Cli.Usage;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Detection.Exceptions;
using Vigil.Eql.Runtime;
using Vigil.Events.Readers;
using Vigil.Rules;

namespace Vigil.Cli.Commands;

/// <summary>`vigil scan`: run EQL rules over event files and write Kibana alert documents.</summary>
public static class ScanCommand
{
    /// <summary>Reader threads by default: one per core, a few at most (the sink runs on one thread anyway).</summary>
    public static int DefaultThreads => Math.Clamp(Environment.ProcessorCount, 1, 4);

    public static Command Create()
    {
        var command = new Command("scan", "Run EQL detection rules over events and write alerts exactly as Kibana's detection engine would.");
        var rules = new Option<string[]>("--rules") { Description = "Rule file or folder (TOML, Kibana NDJSON export, .eql); repeat the option for more", Required = true };
        var events = new Argument<string[]>("events") { Description = "Event files or folders (NDJSON, .gz, JSON arrays, ES hits, _bulk); - for stdin", Arity = ArgumentArity.OneOrMore };
        var exceptions = new Option<string[]>("--exceptions") { Description = "Kibana exception list export (NDJSON) applied to every rule and resolving rules' exceptions_list; repeat the option for more" };
        var threat = new Option<string[]>("--threat") { Description = "Indicator documents (NDJSON of threat.indicator.* documents, e.g. a Filebeat threat-intel export) for indicator match rules; repeat for more" };
        var schedule = new Option<bool>("--schedule") { Description = "Emulate Kibana's schedule: executions every interval over [now+from, now+to], max_signals, gaps" };
        var start = new Option<string?>("--start") { Description = "First scheduled execution (ISO time); default: the earliest event" };
        var end = new Option<string?>("--end") { Description = "Last scheduled execution at or before this time" };
        var now = new Option<string?>("--now") { Description = "Hunt execution time (alert @timestamp); default: the current time" };
        var from = new Option<string?>("--from") { Description = "Hunt: only events at or after this time" };
        var to = new Option<string?>("--to") { Description = "Hunt: only events at or before this time" };
        var maxSignals = new Option<bool>("--max-signals") { Description = "Hunt: apply each rule's max_signals (always applied with --schedule)" };
        var format = new Option<string?>("--format") { Description = "jsonl (alert hits), table (aligned, for people) or csv (one row per alert); default: table on a terminal, jsonl when piped or with --output" };
        format.AcceptOnlyFromAmong("jsonl", "table", "csv");
        var minSeverity = new Option<string?>("--min-severity") { Description = "Only alerts of this severity or higher (a sequence keeps its building blocks)" };
        minSeverity.AcceptOnlyFromAmong([.. Severity.Names]);
        var sort = new Option<string?>("--sort") { Description = "Order of the alerts: time, severity or rule; default: time for table and csv, Kibana's write order for jsonl" };
        sort.AcceptOnlyFromAmong(AlertSelection.ByTime, AlertSelection.BySeverity, AlertSelection.ByRule);
        var verbose = new Option<bool>("--verbose") { Description = "List every rule that was skipped, with its reason" };
        var output = new Option<string?>("--output") { Description = "Write alerts to this file instead of stdout" };
        var stats = StatsOption();
        var index = new Option<string?>("--index") { Description = "Index for events without _index or data_stream" };
        var space = new Option<string>("--space") { Description = "Kibana space id", DefaultValueFactory = _ => "default" };
        var baseUrl = new Option<string?>("--public-base-url") { Description = "Kibana server.publicBaseUrl, for kibana.alert.url" };
        var kibanaVersion = new Option<string>("--kibana-version") { Description = "kibana.version written in alerts", DefaultValueFactory = _ => "9.2.0" };
        var reorderWindow = new Option<double>("--reorder-window") { Description = "Hunt: seconds of event time events wait to be put in time order", DefaultValueFactory = _ => 5 };
        var reorderEvents = new Option<int>("--reorder-events") { Description = "Hunt: most events waiting per rule to be put in time order", DefaultValueFactory = _ => 50_000 };
        var validateJson = new Option<bool>("--validate-json") { Description = "Hunt: fully parse every NDJSON line, also those no rule's literals can match (by default those only get cheap checks: UTF-8, one {...} object, balanced quotes)" };
        var follow = new Option<bool>("--follow") { Description = "Hunt: keep reading (files like tail -F, stdin until it ends) and write each alert (JSONL) as soon as it is decided; ends on Ctrl+C" };
        var threads = new Option<int>("--threads") { Description = "Hunt: threads that scan NDJSON input (prefilter and line checks); alerts do not depend on it", DefaultValueFactory = _ => DefaultThreads };
        foreach (var o in new Option[] { rules, exceptions, threat, schedule, start, end, now, from, to, maxSignals, format, minSeverity, sort, output, stats, verbose, index, space, baseUrl, kibanaVersion, reorderWindow, reorderEvents, validateJson, threads, follow })
        {
            command.Options.Add(o);
        }
        command.Arguments.Add(events);

        command.SetAction(parse =>
        {
            try
            {
                var missing = InputPaths.Missing(parse.GetValue(rules) ?? [], "--rules")
                    .Concat(InputPaths.Missing(parse.GetValue(exceptions) ?? [], "--exceptions"))
                    .Concat(InputPaths.Missing(parse.GetValue(threat) ?? [], "--threat"))
                    .Concat(InputPaths.Missing(parse.GetValue(events) ?? [])).ToList();
                if (missing.Count > 0)
                {
                    throw new UsageException(string.Join(Environment.NewLine + "vigil scan: ", missing));
                }
                var terminal = !Console.IsOutputRedirected && parse.GetValue(output) is null;
                var statsValue = parse.GetValue(stats);
                var arguments = new ScanArguments
                {
                    Rules = parse.GetValue(rules) ?? [],
                    Events = parse.GetValue(events) ?? [],
                    Exceptions = parse.GetValue(exceptions) ?? [],
                    Threat = parse.GetValue(threat) ?? [],
                    Schedule = parse.GetValue(schedule),
                    Start = Time(parse, start),
                    End = Time(parse, end),
                    Now = Time(parse, now),
                    From = Time(parse, from),
                    To = Time(parse, to),
                    MaxSignals = parse.GetValue(maxSignals),
                    Format = parse.GetValue(format) ?? (Console.IsOutputRedirected || parse.GetValue(output) is not null ? "jsonl" : "table"),
                    Progress = !Console.IsErrorRedirected,
                    Output = parse.GetValue(output),
                    Stats = parse.GetResult(stats) is not null,
                    StatsTop = RuleStatsTable.ParseTop(statsValue) ?? throw new UsageException($"--stats: '{statsValue}' is not top, all or a number of rules"),
                    MinSeverity = parse.GetValue(minSeverity),
                    Sort = parse.GetValue(sort),
                    Verbose = parse.GetValue(verbose),
                    Color = AlertTable.ColorAllowed(terminal),
                    TableWidth = AlertTable.Width(terminal),
                    Index = parse.GetValue(index),
                    Space = parse.GetValue(space) ?? "default",
                    PublicBaseUrl = parse.GetValue(baseUrl),
                    KibanaVersion = parse.GetValue(kibanaVersion) ?? "9.2.0",
                    ReorderWindowSeconds = parse.GetValue(reorderWindow),
                    ReorderMaxEvents = parse.GetValue(reorderEvents),
                    ValidateJson = parse.GetValue(validateJson),
                    Threads = parse.GetValue(threads),
                    Follow = parse.GetValue(follow),
                };
                if (arguments.ReorderWindowSeconds < 0 || arguments.ReorderMaxEvents < 1)
                {
                    throw new UsageException("--reorder-window must be >= 0 and --reorder-events >= 1");
                }
                if (arguments.Threads is < 1 or > 64)
                {
                    throw new UsageException("--threads must be between 1 and 64");
                }
                using var stop = new CancellationTokenSource();
                using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = arguments.Follow; stop.Cancel(); });
                using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = arguments.Follow; stop.Cancel(); });
                arguments = arguments with { Stop = stop.Token };
                if (arguments.Output is { } path)
                {
                    using var file = CreateOutput(path);
                    return Run(arguments, file, parse.InvocationConfiguration.Error);
                }
                using var stdout = Console.OpenStandardOutput();
                return Run(arguments, stdout, parse.InvocationConfiguration.Error);
            }
            catch (UsageException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"vigil scan: {e.Message}");
                return 2;
            }
            catch (OutputException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"vigil scan: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"vigil scan: {ErrorWords.Describe(e, "input")}");
                return 1;
            }
        });
        return command;
    }

    private sealed class UsageException(string message) : Exception(message);

    private sealed class OutputException(string message, Exception inner) : Exception(message, inner);

    private static FileStream CreateOutput(string path)
    {
        try
        {
            return File.Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException("--output " + ErrorWords.Describe(e, path), e);
        }
    }

    /// <summary><c>--stats[=top|all|N]</c>; a bare <c>--stats</c> is given "top" by <see cref="StatsArgument"/> before parsing.</summary>
    private static Option<string?> StatsOption()
    {
        var option = new Option<string?>("--stats")
        {
            Description = "Print per-rule counts to stderr, costliest first: --stats or --stats=top (the top 20), --stats=all, --stats=N",
            Arity = ArgumentArity.ZeroOrOne,
        };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !StatsArgument.IsValue(result.Tokens[0].Value))
            {
                result.AddError($"--stats: '{result.Tokens[0].Value}' is not top, all or a number of rules");
            }
        });
        return option;
    }

    private static DateTimeOffset? Time(ParseResult parse, Option<string?> option)
    {
        var text = parse.GetValue(option);
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return t;
        }
        throw new UsageException($"{option.Name}: \"{text}\" is not an ISO-8601 time");
    }

    /// <summary>The values of <c>vigil scan</c>'s options.</summary>
    public sealed record ScanArguments
    {
        public required IReadOnlyList<string> Rules { get; init; }
        public required IReadOnlyList<string> Events { get; init; }
        public IReadOnlyList<string> Exceptions { get; init; } = [];

        /// <summary>Indicator files for indicator match rules (<c>--threat</c>).</summary>
        public IReadOnlyList<string> Threat { get; init; } = [];
        public bool Schedule { get; init; }
        public DateTimeOffset? Start { get; init; }
        public DateTimeOffset? End { get; init; }
        public DateTimeOffset? Now { get; init; }
        public DateTimeOffset? From { get; init; }
        public DateTimeOffset? To { get; init; }
        public bool MaxSignals { get; init; }
        public string Format { get; init; } = "jsonl";
        /// <summary>Redraw a progress line on stderr (the command sets it when stderr is a terminal).</summary>
        public bool Progress { get; init; }
        public string? Output { get; init; }
        public bool Stats { get; init; }
        /// <summary>Rows of <c>--stats</c> (costliest first); 0 for every rule.</summary>
        public int StatsTop { get; init; } = RuleStatsTable.DefaultTop;
        public string? MinSeverity { get; init; }
        /// <summary>time, severity or rule; null: time for table and csv, write order for jsonl.</summary>
        public string? Sort { get; init; }
        public bool Verbose { get; init; }
        /// <summary>Colour the table's severities (a terminal without NO_COLOR).</summary>
        public bool Color { get; init; }
        public int TableWidth { get; init; } = 400;
        public string? Index { get; init; }
        public string Space { get; init; } = "default";
        public string? PublicBaseUrl { get; init; }
        public string KibanaVersion { get; init; } = "9.2.0";
        public double ReorderWindowSeconds { get; init; } = 5;
        public int ReorderMaxEvents { get; init; } = 50_000;
        public bool ValidateJson { get; init; }

        public int Threads { get; init; } = 1;

        /// <summary>Read the inputs live and write alerts as they are decided (<see cref="FollowScan"/>).</summary>
        public bool Follow { get; init; }

        /// <summary>Ends a follow-mode scan (the command cancels it on SIGINT/SIGTERM).</summary>
        public CancellationToken Stop { get; init; }
    }

    private static List<Vigil.Detection.RuleTypes.ThreatIndicator> LoadIndicators(IReadOnlyList<string> paths, TextWriter stderr, ref bool hadErrors)
    {
        var problems = new List<string>();
        var indicators = Vigil.Detection.RuleTypes.ThreatIndicatorLoader.Load(paths, problems);
        foreach (var p in problems)
        {
            stderr.WriteLine($"error: --threat: {p}");
            hadErrors = true;
        }
        return indicators;
    }

    /// <summary>Runs a scan: alerts to <paramref name="output"/>, diagnostics to <paramref name="stderr"/>; returns the exit code.</summary>
    public static int Run(ScanArguments args, Stream output, TextWriter stderr)
    {
        var hadErrors = false;

        // Rules and exceptions (loaded below the CLI, problems as values).
        var ruleSet = RuleSetLoader.Load(args.Rules, args.Exceptions);
        var prepared = ruleSet.Prepared;
        foreach (var p in ruleSet.Problems)
        {
            stderr.WriteLine(p);
            hadErrors |= p.IsError;
        }
        if (!RuleLoadSummary.From(ruleSet).Report(stderr, ruleSet.CannotRun, args.Verbose))
        {
            return 2;
        }
        var lists = ruleSet.Exceptions;
        foreach (var e in ruleSet.ExceptionErrors)
        {
            stderr.WriteLine($"error: {e}");
            hadErrors = true;
        }

        var options = new ScanOptions
        {
            Schedule = args.Schedule,
            Start = args.Start,
            End = args.End,
            Now = args.Now,
            HuntFrom = args.From,
            HuntTo = args.To,
            HuntMaxSignals = args.MaxSignals,
            SpaceId = args.Space,
            KibanaVersion = args.KibanaVersion,
            PublicBaseUrl = args.PublicBaseUrl,
            SharedExceptions = lists.Items,
            ExceptionLists = lists,
            ThreatIndicators = LoadIndicators(args.Threat, stderr, ref hadErrors),
        };

        // Events stream through one detection session: the hunt, or the schedule with its windows closed by event time.
        if (args.Follow && args.Schedule)
        {
            stderr.WriteLine("vigil scan: --follow hunts; a live schedule is what vigil serve runs");
            return 2;
        }
        var alertsIndex = ".alerts-security.alerts-" + options.SpaceId;
        var readWatch = System.Diagnostics.Stopwatch.StartNew();
        var reorderOptions = new ReorderOptions
        {
            Window = TimeSpan.FromSeconds(args.ReorderWindowSeconds),
            MaxEvents = args.ReorderMaxEvents,
        };
        var session = new DetectionSession(prepared, options, new DetectionSessionOptions
        {
            DefaultIndex = args.Index,
            Reorder = reorderOptions,
            Follow = args.Follow,
            OnAlert = args.Follow ? (_, alert) => FollowScan.Write(output, alert, alertsIndex) : null,
        });
        var memory = args.Stats ? new MemoryReport() : null;
        memory?.AfterLoading();
        // Hunting, lines no rule's literals can match are dropped by the reader over whole buffers, in --threads
        // threads, after cheap checks (or a full parse with --validate-json); candidate lines are parsed and their
        // errors reported.
        var progress = args.Progress && !args.Follow ? new ProgressSink(session, stderr, InputSize.Known(args.Events)) : null;
        ReadSummary summary;
        try
        {
            summary = args.Follow
                ? FollowScan.Read(session, args.Events, new ReaderOptions { ValidateNdjson = args.ValidateJson }, reorderOptions.Window, args.Stop)
                : InputReader.Read(args.Events, (IRecordSink?)progress ?? session, session.ReaderOptions(args.ValidateJson, args.Threads));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A reader bug must not lose what the events read so far decided: reported, then the alerts written.
            session.Reject(new InputError("vigil", 0, null, $"internal error while reading the events ({e.GetType().Name}: {e.Message}); alerts from the events read before it follow"));
            summary = default;
        }
        var result = session.Finish();
        progress?.Complete(result.Alerts.Count);
        var inputErrors = session.Errors;
        var withoutIndex = session.WithoutIndex;
        var recordCount = session.Records;
        var streamingStats = session.Hunt?.Stats;
        var scheduleStats = args.Schedule && session.Hunt is null ? session.Stats : null;
        readWatch.Stop();
        foreach (var e in inputErrors)
        {
            stderr.WriteLine($"error: {e}");
            hadErrors = true;
        }
        if (withoutIndex > 0)
        {
            stderr.WriteLine($"warning: {withoutIndex} event(s) have no _index, no data_stream and no --index; only rules without index patterns see them");
        }
        if (session.Stats is { LateEvents: > 0 } late)
        {
            stderr.WriteLine($"warning: {late.LateEvents} event(s) arrived later than the reorder window ({args.ReorderWindowSeconds} s / {args.ReorderMaxEvents} events) and were evaluated out of time order; raise --reorder-window or sort the input");
        }
        foreach (var problem in result.EventProblems.Distinct())
        {
            stderr.WriteLine($"error: {problem}");
            hadErrors = true;
        }
        foreach (var message in result.Messages)
        {
            stderr.WriteLine(message);
        }

        if (!args.Follow)
        {
            // Follow mode wrote each alert as it was decided.
            AlertOutput.Write(output, stderr, result.Alerts, alertsIndex, args);
        }

        if (args.Stats)
        {
            stderr.WriteLine($"events: {recordCount} read ({summary.Bytes / 1_000_000.0:F1} MB in {readWatch.Elapsed.TotalSeconds:F2} s), {inputErrors.Count} rejected");
            if (streamingStats is { } st)
            {
                stderr.WriteLine($"streaming: {st.SkippedByPrefilter} skipped by the prefilter unparsed, {st.LateEvents} late, {st.ForcedReleases} released early (buffer full), peak {st.PeakBuffered} buffered; events column = events offered to the rule in its indices (NDJSON: those a stage can match, from the query set; other inputs: its literal candidates)");
            }
            if (scheduleStats is { } sc)
            {
                stderr.WriteLine($"schedule: peak {sc.PeakOpenWindows} execution windows open, peak {sc.PeakHeld} rule-type matches, groups and history entries held, {sc.LateEvents} late (arrived after a window holding them was searched)");
            }
            RuleStatsTable.Write(stderr, result.Stats, args.StatsTop);
            memory?.Write(stderr);
        }
        return hadErrors ? 1 : 0;
    }
}
