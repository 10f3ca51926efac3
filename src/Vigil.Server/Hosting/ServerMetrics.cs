using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vigil.Server.Hosting;

/// <summary>
/// The service's Prometheus metrics (<c>GET /_vigil/metrics</c>, text exposition format 0.0.4). Ingest's counters are
/// properties; the scheduler and the alert writer add their own with <see cref="Counter"/> and <see cref="Gauge"/>
/// (labels as name/value pairs, e.g. <c>("rule_id", id)</c>). Written by hand: the format is a few lines of text and
/// a package would only add a second registry to keep in step.
/// </summary>
public sealed class ServerMetrics
{
    private readonly ConcurrentDictionary<string, MetricFamily> families = new(StringComparer.Ordinal);
    private readonly Stopwatch uptime = Stopwatch.StartNew();

    public ServerMetrics()
    {
        EventsIngested = Counter("vigil_ingest_events_total", "Documents accepted and stored (bulk items and single documents).");
        EventsRejected = Counter("vigil_ingest_rejected_total", "Documents refused (bad JSON, duplicate field, invalid UTF-8, id conflict, unsupported action).");
        BytesIngested = Counter("vigil_ingest_bytes_total", "Bytes of accepted documents as stored (compact JSON).");
        RequestBytes = Counter("vigil_ingest_request_bytes_total", "Bytes of ingest request bodies received (after gzip decoding).");
        BulkRequests = Counter("vigil_ingest_bulk_requests_total", "_bulk requests answered with 200.");
        RequestsRefused = Counter("vigil_ingest_requests_refused_total", "Ingest requests refused whole (malformed body, too large, too many at once).");
        AuthFailures = Counter("vigil_http_auth_failures_total", "Requests refused with 401 (missing or wrong credentials).");
        Gauge("vigil_uptime_seconds", "Seconds since the service started.", () => Uptime.TotalSeconds);
    }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public TimeSpan Uptime => uptime.Elapsed;

    public MetricCounter EventsIngested { get; }

    public MetricCounter EventsRejected { get; }

    public MetricCounter BytesIngested { get; }

    public MetricCounter RequestBytes { get; }

    public MetricCounter BulkRequests { get; }

    public MetricCounter RequestsRefused { get; }

    public MetricCounter AuthFailures { get; }

    /// <summary>The counter series <paramref name="name"/>{labels}, created on first use (the same object afterwards).</summary>
    public MetricCounter Counter(string name, string help, params (string Name, string Value)[] labels)
    {
        var family = FamilyOf(name, help, "counter");
        return family.Counters.GetOrAdd(RenderLabels(labels), _ => new MetricCounter());
    }

    /// <summary>A gauge read when metrics are scraped (store size, alert count, last duration…); the last registration of a series wins.</summary>
    public void Gauge(string name, string help, Func<double> read, params (string Name, string Value)[] labels)
    {
        var family = FamilyOf(name, help, "gauge");
        family.Gauges[RenderLabels(labels)] = read;
    }

    /// <summary>All series in the text exposition format, families sorted by name.</summary>
    public string Render()
    {
        var text = new StringBuilder(4096);
        foreach (var family in families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(family.Help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            foreach (var (labels, counter) in family.Counters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                AppendSample(text, family.Name, labels, counter.Value);
            }
            foreach (var (labels, read) in family.Gauges.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                double value;
                try
                {
                    value = read();
                }
                catch (Exception exception) when (exception is NotImplementedException or ObjectDisposedException or InvalidOperationException or IOException)
                {
                    // A part not built yet or closing: leave the series out rather than fail the scrape.
                    continue;
                }
                AppendSample(text, family.Name, labels, value);
            }
        }
        return text.ToString();
    }

    private MetricFamily FamilyOf(string name, string help, string type)
    {
        var family = families.GetOrAdd(name, n => new MetricFamily(n, help, type));
        if (family.Type != type)
        {
            throw new InvalidOperationException($"metric {name} is a {family.Type}, not a {type}");
        }
        return family;
    }

    private static void AppendSample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name).Append(labels).Append(' ');
        if (double.IsPositiveInfinity(value))
        {
            text.Append("+Inf");
        }
        else if (double.IsNegativeInfinity(value))
        {
            text.Append("-Inf");
        }
        else
        {
            text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
        text.Append('\n');
    }

    private static string RenderLabels((string Name, string Value)[] labels)
    {
        if (labels.Length == 0)
        {
            return "";
        }
        var text = new StringBuilder("{");
        for (int i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(labels[i].Name).Append("=\"")
                .Append(labels[i].Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }
        return text.Append('}').ToString();
    }

    private sealed class MetricFamily(string name, string help, string type)
    {
        public string Name { get; } = name;

        public string Help { get; } = help;

        public string Type { get; } = type;

        public ConcurrentDictionary<string, MetricCounter> Counters { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, Func<double>> Gauges { get; } = new(StringComparer.Ordinal);
    }
}
