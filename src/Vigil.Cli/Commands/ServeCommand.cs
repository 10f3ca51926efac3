using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Vigil.Detection.Schedule;
using Vigil.Server;
using Vigil.Server.Hosting;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil serve</c>: the live service — Elasticsearch-compatible ingest, the event store, rules on Kibana's schedule,
/// the alert store and Kibana's alert API — until SIGINT or SIGTERM, then a clean stop. Exit 0 after a clean stop,
/// 2 for a usage error (bad option, a non-loopback --listen without credentials), 1 when it could not start.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var rules = new Option<string[]>("--rules") { Description = "Rule file or folder (TOML, Kibana NDJSON export, .eql); repeat for more", AllowMultipleArgumentsPerToken = true };
        var exceptions = new Option<string[]>("--exceptions") { Description = "Kibana exception list export (NDJSON); repeat for more" };
        var threat = new Option<string[]>("--threat") { Description = "Indicator file (NDJSON) for indicator match rules, beside the indicators stored in their threat_index; repeat for more" };
        var data = new Option<string>("--data") { Description = "Folder that holds everything: events, alerts, rule state (created if missing)", Required = true };
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to listen on ([::1]:9200 for IPv6, :9200 for every address; port 0 picks a free one)", DefaultValueFactory = _ => "127.0.0.1:9200" };
        var retention = new Option<string>("--retention") { Description = "Keep events this long beyond what the rules need (s, m, h, d)", DefaultValueFactory = _ => "24h" };
        var clock = new Option<string?>("--clock") { Description = "Start a manual clock at this ISO time (tests: POST /_vigil/clock moves it); default: real time" };
        var alertsFile = new Option<string?>("--alerts-file") { Description = "Also append every alert to this JSONL file" };
        var webhook = new Option<string?>("--webhook") { Description = "POST shell alerts to this URL (retried with back-off)" };
        var apiKeys = new Option<string[]>("--api-key") { Description = "Accept Authorization: ApiKey with this key (id:key, its base64, or a bare key); repeatable" };
        var basicUsers = new Option<string[]>("--basic-user") { Description = "Accept basic auth for USER:PASSWORD; repeatable" };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Serve HTTPS with this certificate (PEM, or .pfx/.p12)" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "Private key (PEM) of --tls-cert when not in the same file" };
        var maxBody = new Option<string>("--max-body") { Description = "Largest request body (after gzip decoding), e.g. 100mb; larger ones get 413", DefaultValueFactory = _ => "100mb" };
        var esVersion = new Option<string>("--es-version") { Description = "Elasticsearch version GET / reports (clients check the major)", DefaultValueFactory = _ => "9.2.0" };
        var space = new Option<string>("--space") { Description = "Kibana space id written into alerts", DefaultValueFactory = _ => "default" };
        var kibanaVersion = new Option<string>("--kibana-version") { Description = "kibana.version written in alerts", DefaultValueFactory = _ => "9.2.0" };
        var baseUrl = new Option<string?>("--public-base-url") { Description = "Kibana server.publicBaseUrl, for kibana.alert.url" };
        var cluster = new ClusterOptions();

        var command = new Command("serve", "Run the live detection service: Elasticsearch-compatible ingest, rules on their schedule, Kibana's alert API");
        foreach (Option option in new Option[] { rules, exceptions, threat, data, listen, retention, clock, alertsFile, webhook, apiKeys, basicUsers, tlsCert, tlsKey, maxBody, esVersion, space, kibanaVersion, baseUrl })
        {
            command.Options.Add(option);
        }
        cluster.AddTo(command);
        command.SetAction(parsed =>
        {
            var problems = new List<string>();
            var options = BuildOptions(parsed, problems, rules, exceptions, data, listen, retention, clock, alertsFile, webhook,
                apiKeys, basicUsers, tlsCert, tlsKey, maxBody, esVersion, space, kibanaVersion, baseUrl);
            string[] threatPaths = parsed.GetValue(threat) ?? [];
            foreach (string path in threatPaths.Where(p => !File.Exists(p)))
            {
                problems.Add($"indicator file not found: {path}");
            }
            options = options is null ? null : cluster.Apply(parsed, options, problems);
            if (options is null || problems.Count > 0)
            {
                foreach (string problem in problems)
                {
                    Console.Error.WriteLine($"vigil serve: {problem}");
                }
                return 2;
            }
            return Run(options with { Threat = threatPaths });
        });
        return command;
    }

    private static ServerOptions? BuildOptions(ParseResult parsed, List<string> problems, Option<string[]> rules, Option<string[]> exceptions,
        Option<string> data, Option<string> listen, Option<string> retention, Option<string?> clock, Option<string?> alertsFile,
        Option<string?> webhook, Option<string[]> apiKeys, Option<string[]> basicUsers, Option<string?> tlsCert, Option<string?> tlsKey,
        Option<string> maxBody, Option<string> esVersion, Option<string> space, Option<string> kibanaVersion, Option<string?> baseUrl)
    {
        string listenText = parsed.GetValue(listen)!;
        if (!ListenAddress.TryParse(listenText, out var address, out string? listenError))
        {
            problems.Add(listenError!);
        }
        string[] keys = parsed.GetValue(apiKeys) ?? [];
        string[] users = parsed.GetValue(basicUsers) ?? [];
        foreach (string user in users.Where(u => !u.Contains(':', StringComparison.Ordinal) || u.StartsWith(':')))
        {
            problems.Add($"--basic-user '{user}' must be USER:PASSWORD");
        }
        if (address is { IsLoopback: false } && keys.Length == 0 && users.Length == 0)
        {
            problems.Add($"--listen {listenText} is reachable from other machines: refusing to start without --api-key or --basic-user");
        }
        if (!Duration.TryParse(parsed.GetValue(retention), out var keep))
        {
            problems.Add($"--retention '{parsed.GetValue(retention)}' is not a duration such as 24h, 90m or 7d");
        }
        DateTimeOffset? clockStart = null;
        string? clockText = parsed.GetValue(clock);
        if (clockText is not null && !clockText.Equals("system", StringComparison.OrdinalIgnoreCase))
        {
            if (DateTimeOffset.TryParse(clockText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                clockStart = t;
            }
            else
            {
                problems.Add($"--clock '{clockText}' is not an ISO time");
            }
        }
        Uri? hook = null;
        string? webhookText = parsed.GetValue(webhook);
        if (webhookText is not null && (!Uri.TryCreate(webhookText, UriKind.Absolute, out hook) || hook.Scheme is not ("http" or "https")))
        {
            problems.Add($"--webhook '{webhookText}' is not an http(s) URL");
        }
        if (!TryParseSize(parsed.GetValue(maxBody)!, out long maxBytes))
        {
            problems.Add($"--max-body '{parsed.GetValue(maxBody)}' is not a size such as 100mb, 512kb or 1048576 (1 KB to 2 GB)");
        }
        string? cert = parsed.GetValue(tlsCert);
        string? key = parsed.GetValue(tlsKey);
        if (key is not null && cert is null)
        {
            problems.Add("--tls-key needs --tls-cert");
        }
        foreach (string file in new[] { cert, key }.OfType<string>().Where(f => !File.Exists(f)))
        {
            problems.Add($"file not found: {file}");
        }
        string version = parsed.GetValue(esVersion)!;
        if (!char.IsAsciiDigit(version.FirstOrDefault()))
        {
            problems.Add($"--es-version '{version}' is not a version such as 9.2.0 or 8.17.0");
        }
        string[] rulePaths = parsed.GetValue(rules) ?? [];
        foreach (string path in rulePaths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
        {
            problems.Add($"rule path not found: {path}");
        }
        string[] exceptionPaths = parsed.GetValue(exceptions) ?? [];
        foreach (string path in exceptionPaths.Where(p => !File.Exists(p)))
        {
            problems.Add($"exception list not found: {path}");
        }
        if (problems.Count > 0)
        {
            return null;
        }
        return new ServerOptions
        {
            Rules = rulePaths,
            Exceptions = exceptionPaths,
            DataDirectory = parsed.GetValue(data)!,
            Listen = listenText,
            Retention = keep.ToTimeSpan(),
            ManualClockStart = clockStart,
            AlertsFile = parsed.GetValue(alertsFile),
            Webhook = hook,
            ApiKeys = keys,
            BasicUsers = users,
            TlsCertificatePath = cert,
            TlsKeyPath = key,
            MaxBodyBytes = maxBytes,
            ElasticsearchVersion = version,
            SpaceId = parsed.GetValue(space)!,
            KibanaVersion = parsed.GetValue(kibanaVersion)!,
            PublicBaseUrl = parsed.GetValue(baseUrl),
        };
    }

    /// <summary>Starts the service and serves until SIGINT or SIGTERM (each only asks for the clean stop).</summary>
    private static int Run(ServerOptions options)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            Log($"{signal.Signal} received: stopping");
            stop.TrySetResult();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        VigilServer server;
        try
        {
            server = VigilServer.StartAsync(options, Log).GetAwaiter().GetResult();
        }
        catch (Exception bad) when (bad is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"vigil serve: {bad.Message}");
            return 2;
        }
        catch (Exception bad) when (bad is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"vigil serve: could not start: {bad.Message}");
            return 1;
        }
        Log("ready");
        stop.Task.GetAwaiter().GetResult();
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Log("stopped");
        return 0;
    }

    private static void Log(string line) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {line}"));

    /// <summary>A byte count with an optional unit (b, kb, mb, gb; powers of 1024, as Elasticsearch's byte sizes).</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim().ToLowerInvariant();
        long unit = 1;
        foreach (var (suffix, size) in new[] { ("gb", 1L << 30), ("mb", 1L << 20), ("kb", 1L << 10), ("b", 1L) })
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                unit = size;
                text = text[..^suffix.Length].Trim();
                break;
            }
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long amount) || amount > (int.MaxValue / unit))
        {
            return false;
        }
        bytes = amount * unit;
        return bytes is >= 1024 and <= int.MaxValue;
    }
}
