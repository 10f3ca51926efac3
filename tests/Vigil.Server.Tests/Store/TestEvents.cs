using System.Globalization;
using System.Text;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

/// <summary>Events for store tests: each source names its own number, so a read-back can be checked against what was sent.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Event <paramref name="number"/> with <c>@timestamp</c> at <paramref name="timestamp"/> and ingested at
    /// <paramref name="ingested"/>; <paramref name="padding"/> bytes of filler make it as big as wanted.
    /// </summary>
    public static IncomingEvent Make(long number, DateTimeOffset? timestamp, DateTimeOffset ingested, int padding = 40, string? index = null, string? id = null)
    {
        var json = new StringBuilder(padding + 200);
        json.Append('{');
        if (timestamp is { } t)
        {
            json.Append("\"@timestamp\":\"").Append(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append("\",");
        }
        json.Append("\"event\":{\"ingested\":\"").Append(ingested.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append("\"},");
        json.Append("\"n\":").Append(number.ToString(CultureInfo.InvariantCulture)).Append(",\"pad\":\"").Append('x', padding).Append("\"}");
        return new IncomingEvent(index ?? "logs-endpoint.events.process-default", id ?? "id-" + number.ToString(CultureInfo.InvariantCulture),
            Encoding.UTF8.GetBytes(json.ToString()), timestamp, ingested);
    }

    /// <summary><paramref name="count"/> events numbered from <paramref name="first"/>, a second apart from <paramref name="start"/>.</summary>
    public static List<IncomingEvent> Batch(long first, int count, DateTimeOffset start, int padding = 40)
    {
        var batch = new List<IncomingEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var time = start.AddSeconds(first + i);
            batch.Add(Make(first + i, time, time.AddSeconds(2), padding));
        }
        return batch;
    }
}
