namespace Vigil.Agent.Sensor;

/// <summary>
/// Defend's timestamp text, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> (UTC, microseconds), written as UTF-8 digits into a
/// caller's span: a custom format string through <see cref="DateTime.ToString(string)"/> cost more than the rest of
/// an event's serialisation, and allocated a string each time.
/// </summary>
public static class IsoTimestamp
{
    /// <summary>Bytes of one timestamp.</summary>
    public const int Length = 27;

    /// <summary>Writes <paramref name="epochMicros"/> into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    public static ReadOnlySpan<byte> Format(long epochMicros, Span<byte> destination)
    {
        var time = DateTime.UnixEpoch.AddTicks(epochMicros * 10);
        var (year, month, day) = time;
        var ofDay = time.Ticks % TimeSpan.TicksPerDay;
        var seconds = (int)(ofDay / TimeSpan.TicksPerSecond);
        var micros = (int)(ofDay % TimeSpan.TicksPerSecond / 10);
        var d = destination[..Length];
        Digits(d[..4], year);
        d[4] = (byte)'-';
        Digits(d.Slice(5, 2), month);
        d[7] = (byte)'-';
        Digits(d.Slice(8, 2), day);
        d[10] = (byte)'T';
        Digits(d.Slice(11, 2), seconds / 3600);
        d[13] = (byte)':';
        Digits(d.Slice(14, 2), seconds / 60 % 60);
        d[16] = (byte)':';
        Digits(d.Slice(17, 2), seconds % 60);
        d[19] = (byte)'.';
        Digits(d.Slice(20, 6), micros);
        d[26] = (byte)'Z';
        return d;
    }

    /// <summary>The timestamp as a new array, for values written many times (a process's start).</summary>
    public static byte[] ToArray(long epochMicros)
    {
        var bytes = new byte[Length];
        Format(epochMicros, bytes);
        return bytes;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
