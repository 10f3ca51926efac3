namespace Vigil.Simulation;

/// <summary>Writes simulation times (microseconds since the Unix epoch) as ISO-8601 UTF-8 without allocating.</summary>
internal static class Timestamps
{
    /// <summary>Microsecond precision, as Defend's <c>@timestamp</c>: 2026-11-27T08:00:00.123456Z (28 bytes).</summary>
    public static int FormatMicros(long micros, Span<byte> destination)
    {
        WriteSeconds(micros, destination);
        destination[19] = (byte)'.';
        WriteDigits(destination.Slice(20, 6), (int)(micros % 1_000_000));
        destination[26] = (byte)'Z';
        return 27;
    }

    /// <summary>Second precision, as <c>event.ingested</c>: 2026-11-27T08:00:03Z (20 bytes).</summary>
    public static int FormatSeconds(long micros, Span<byte> destination)
    {
        WriteSeconds(micros, destination);
        destination[19] = (byte)'Z';
        return 20;
    }

    public static long ToMicros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static void WriteSeconds(long micros, Span<byte> destination)
    {
        var time = new DateTime(DateTime.UnixEpoch.Ticks + micros * 10, DateTimeKind.Utc);
        (DateOnly date, TimeOnly _) = time;
        WriteDigits(destination[..4], date.Year);
        destination[4] = (byte)'-';
        WriteDigits(destination.Slice(5, 2), date.Month);
        destination[7] = (byte)'-';
        WriteDigits(destination.Slice(8, 2), date.Day);
        destination[10] = (byte)'T';
        WriteDigits(destination.Slice(11, 2), time.Hour);
        destination[13] = (byte)':';
        WriteDigits(destination.Slice(14, 2), time.Minute);
        destination[16] = (byte)':';
        WriteDigits(destination.Slice(17, 2), time.Second);
    }

    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
