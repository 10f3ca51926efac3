using System.Globalization;

namespace Vigil.Agent.Osquery;

/// <summary>The fields of /proc/PID/stat the processes table needs (see proc(5) for the field numbers).</summary>
internal readonly record struct ProcessStat(
    string State,
    long Parent,
    long ProcessGroup,
    long UserTicks,
    long SystemTicks,
    long Nice,
    long Threads,
    long StartTicks)
{
    /// <summary>
    /// Parses a stat line. The command name (field 2) is in parentheses and may itself hold spaces and
    /// parentheses, so the fields are counted from the last ')'.
    /// </summary>
    public static ProcessStat? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        int close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // fields[0] is field 3 (state).
        string[] fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20)
        {
            return null;
        }

        return new ProcessStat(
            fields[0],
            Number(fields[1]),
            Number(fields[2]),
            Number(fields[11]),
            Number(fields[12]),
            Number(fields[16]),
            Number(fields[17]),
            Number(fields[19]));
    }

    private static long Number(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : -1;
}
