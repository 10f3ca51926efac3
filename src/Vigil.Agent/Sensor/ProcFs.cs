using System.Globalization;

namespace Vigil.Agent.Sensor;

/// <summary>Reads a process's facts from /proc: for processes that predate the agent, and for what a record lacks (cwd).</summary>
public static class ProcFs
{
    /// <summary>The fields of /proc/PID/stat the agent uses, or null when the process is gone.</summary>
    public static (int ParentPid, int ProcessGroup, int Session, bool Tty, long StartTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid pgrp session tty_nr ..." — comm may hold spaces and parentheses: cut at the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 20)
        {
            return null;
        }
        return (Int(fields[1]), Int(fields[2]), Int(fields[3]), Int(fields[4]) != 0, long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    public static string[]? Args(int pid)
    {
        try
        {
            var raw = File.ReadAllBytes($"/proc/{pid}/cmdline");
            return ArgsParser.Split(raw);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string? Link(int pid, string name)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/{name}").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Real uid and gid from /proc/PID/status.</summary>
    public static (int Uid, int Gid)? Ids(int pid)
    {
        try
        {
            int uid = -1, gid = -1;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    uid = Int(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
                }
                else if (line.StartsWith("Gid:", StringComparison.Ordinal))
                {
                    gid = Int(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
                    break;
                }
            }
            return uid < 0 ? null : (uid, gid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static IEnumerable<int> Pids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}
