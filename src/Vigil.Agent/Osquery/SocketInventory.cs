using System.Globalization;
using System.Net;

namespace Vigil.Agent.Osquery;

/// <summary>
/// Every socket of every network namespace the host's processes are in: socket inodes are matched to (pid, fd)
/// through the /proc/PID/fd links, and each namespace's socket tables are read once, through the first process
/// found in it (/proc/PID/net shows the namespace of PID, not the reader's).
/// </summary>
internal static class SocketInventory
{
    public const long AfUnix = 1;
    public const long AfInet = 2;
    public const long AfInet6 = 10;
    public const long Tcp = 6;
    public const long Udp = 17;

    // The kernel's TCP state numbers (include/net/tcp_states.h) and the names osquery shows for them.
    private static readonly string[] TcpStates =
    [
        "", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT",
        "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV",
    ];

    public static List<OpenSocket> Read(string procRoot, List<string> warnings)
    {
        var owners = new Dictionary<long, (long Pid, long Fd)>();
        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (int pid in ProcFiles.ProcessIds(procRoot))
        {
            string dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
            CollectOwners(dir, pid, owners);
            // A process whose namespace link cannot be read (pid 1 in some sandboxes) would read one of the
            // namespaces below a second time under another name; its sockets are found through the others.
            if (Inode(ProcFiles.ReadLink(Path.Combine(dir, "ns", "net")), "net:[") is { } ns)
            {
                namespaces.TryAdd(ns, Path.Combine(dir, "net"));
            }
        }

        if (namespaces.Count == 0)
        {
            namespaces.Add("0", Path.Combine(procRoot, "net"));
        }

        var sockets = new List<OpenSocket>();
        foreach (var (ns, netDir) in namespaces)
        {
            ReadInet(Path.Combine(netDir, "tcp"), AfInet, Tcp, ns, owners, sockets, warnings);
            ReadInet(Path.Combine(netDir, "tcp6"), AfInet6, Tcp, ns, owners, sockets, warnings);
            ReadInet(Path.Combine(netDir, "udp"), AfInet, Udp, ns, owners, sockets, warnings);
            ReadInet(Path.Combine(netDir, "udp6"), AfInet6, Udp, ns, owners, sockets, warnings);
            ReadUnix(Path.Combine(netDir, "unix"), ns, owners, sockets, warnings);
        }

        return sockets;
    }

    private static void CollectOwners(string dir, int pid, Dictionary<long, (long Pid, long Fd)> owners)
    {
        IEnumerable<string> fds;
        try
        {
            fds = Directory.EnumerateFiles(Path.Combine(dir, "fd"));
            foreach (string fd in fds)
            {
                string? target = ProcFiles.ReadLink(fd);
                if (Inode(target, "socket:[") is { } inodeText
                    && long.TryParse(inodeText, NumberStyles.None, CultureInfo.InvariantCulture, out long inode)
                    && long.TryParse(Path.GetFileName(fd), NumberStyles.None, CultureInfo.InvariantCulture, out long number))
                {
                    owners.TryAdd(inode, (pid, number));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user's process (without root) or one that exited: its sockets show with pid -1.
        }
    }

    /// <summary>The number inside "prefix...]" of a /proc link target such as "socket:[1234]".</summary>
    private static string? Inode(string? target, string prefix) =>
        target is not null && target.StartsWith(prefix, StringComparison.Ordinal) && target.EndsWith(']')
            ? target[prefix.Length..^1]
            : null;

    private static void ReadInet(
        string file, long family, long protocol, string ns, Dictionary<long, (long Pid, long Fd)> owners, List<OpenSocket> sockets, List<string> warnings)
    {
        string? text = ProcFiles.ReadText(file);
        if (text is null)
        {
            return; // No IPv6 (or no UDP) in this kernel or namespace.
        }

        string[] lines = text.Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            string[] f = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }

            if (f.Length < 10
                || !TryEndpoint(f[1], out string localAddress, out long localPort)
                || !TryEndpoint(f[2], out string remoteAddress, out long remotePort)
                || !int.TryParse(f[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int state)
                || !long.TryParse(f[9], NumberStyles.None, CultureInfo.InvariantCulture, out long inode))
            {
                warnings.Add($"{file}:{i + 1}: unreadable socket line skipped: {lines[i].Trim()}");
                continue;
            }

            var (pid, fd) = owners.TryGetValue(inode, out var owner) && inode != 0 ? owner : (-1L, -1L);
            string stateName = protocol == Tcp && state < TcpStates.Length ? TcpStates[state] : "";
            sockets.Add(new OpenSocket(pid, fd, inode, family, protocol, localAddress, localPort, remoteAddress, remotePort, "", stateName, ns));
        }
    }

    private static void ReadUnix(
        string file, string ns, Dictionary<long, (long Pid, long Fd)> owners, List<OpenSocket> sockets, List<string> warnings)
    {
        string? text = ProcFiles.ReadText(file);
        if (text is null)
        {
            return;
        }

        string[] lines = text.Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            // Num RefCount Protocol Flags Type St Inode [Path]; the path may hold spaces, so it is the rest.
            string[] f = lines[i].Split(' ', 8, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }

            if (f.Length < 7 || !long.TryParse(f[6], NumberStyles.None, CultureInfo.InvariantCulture, out long inode))
            {
                warnings.Add($"{file}:{i + 1}: unreadable socket line skipped: {lines[i].Trim()}");
                continue;
            }

            var (pid, fd) = owners.TryGetValue(inode, out var owner) ? owner : (-1L, -1L);
            string path = f.Length > 7 ? f[7].Trim() : "";
            sockets.Add(new OpenSocket(pid, fd, inode, AfUnix, 0, "", 0, "", 0, path, "", ns));
        }
    }

    /// <summary>
    /// Reads "ADDR:PORT" as /proc/net/tcp writes it: the address in hexadecimal 32-bit words, each in the host's
    /// (little-endian) byte order, the port in hexadecimal.
    /// </summary>
    internal static bool TryEndpoint(string text, out string address, out long port)
    {
        address = "";
        port = 0;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon is not (8 or 32)
            || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }

        var bytes = new byte[colon / 2];
        for (int word = 0; word < bytes.Length / 4; word++)
        {
            if (!uint.TryParse(text.AsSpan(word * 8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value))
            {
                return false;
            }

            // The hex digits spell the word's value; its bytes in memory (network order) are little-endian.
            bytes[word * 4] = (byte)value;
            bytes[(word * 4) + 1] = (byte)(value >> 8);
            bytes[(word * 4) + 2] = (byte)(value >> 16);
            bytes[(word * 4) + 3] = (byte)(value >> 24);
        }

        address = new IPAddress(bytes).ToString();
        return true;
    }
}
