using System.Text;

namespace Vigil.Agent.Sensor;

/// <summary>Splits a NUL-terminated argument block (the kernel's argv area, /proc/PID/cmdline) into the arguments.</summary>
public static class ArgsParser
{
    public static string[] Split(ReadOnlySpan<byte> raw)
    {
        // Each argument ends with a NUL: drop the last one only, so an empty last argument survives.
        if (raw.Length > 0 && raw[^1] == 0)
        {
            raw = raw[..^1];
        }
        if (raw.IsEmpty)
        {
            return [];
        }
        var count = raw.Count((byte)0) + 1;
        var args = new string[count];
        for (var i = 0; i < count; i++)
        {
            var nul = raw.IndexOf((byte)0);
            var part = nul < 0 ? raw : raw[..nul];
            args[i] = Encoding.UTF8.GetString(part);
            raw = nul < 0 ? [] : raw[(nul + 1)..];
        }
        return args;
    }
}
