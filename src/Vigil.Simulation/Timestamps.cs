namespace Vigil.Simulation;

/// <summary>Writes simulation times (microseconds since the Unix epoch) as ISO-8601 UTF-8 without allocating.</summary>
internal static class Timestamps
{
    /// <summary>Microsecond precision, as Defend's <c>@timestamp</c>: 2026-11-27T08:00:00.123456Z.</summary>
    public static int FormatMicros(long micros, Span<byte> destination)
    {
        var time = new DateTime(DateTime.UnixEpoch.Ticks + micros * 10, DateTimeKind.Utc);
        time.TryFormat(destination, out int written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", null);
        return written;
    }

    /// <summary>Second precision, as <c>event.ingested</c>.</summary>
    public static int FormatSeconds(long micros, Span<byte> destination)
    {
        var time = new DateTime(DateTime.UnixEpoch.Ticks + micros / 1_000_000 * 10_000_000, DateTimeKind.Utc);
        time.TryFormat(destination, out int written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", null);
        return written;
    }

    public static long ToMicros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
