using System.Text;

namespace Vigil.Simulation;

/// <summary>Creates simulated hosts: identity, OS, users, and the daemons already running at the start.</summary>
internal static class HostFactory
{
    private static readonly HostOs[] OperatingSystems =
    [
        new("ubuntu", "Ubuntu", "ubuntu", "22.04.4 LTS (Jammy Jellyfish)", "5.15.0-105-generic #115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024", "Ubuntu 22.04.4"),
        new("ubuntu", "Ubuntu", "ubuntu", "24.04.1 LTS (Noble Numbat)", "6.8.0-48-generic #48-Ubuntu SMP PREEMPT_DYNAMIC Fri Sep 27 14:04:52 UTC 2024", "Ubuntu 24.04.1"),
        new("debian", "Debian GNU/Linux", "debian", "12 (bookworm)", "6.1.0-26-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.112-1 (2024-09-30)", "Debian GNU/Linux 12"),
        new("rhel", "Red Hat Enterprise Linux", "rhel", "9.4 (Plow)", "5.14.0-427.37.1.el9_4.x86_64 #1 SMP PREEMPT_DYNAMIC Fri Sep 13 12:41:50 EDT 2024", "Red Hat Enterprise Linux 9.4"),
        new("rocky", "Rocky Linux", "rocky", "9.4 (Blue Onyx)", "5.14.0-427.22.1.el9_4.x86_64 #1 SMP PREEMPT_DYNAMIC Wed Jun 19 17:35:04 UTC 2024", "Rocky Linux 9.4"),
    ];

    private static readonly string[] Roles = ["web", "api", "db", "build", "bastion", "worker", "cache", "etl"];
    private static readonly string[] Sites = ["fra1", "ams3", "nyc1", "sfo2", "sgp1", "lon1"];
    private static readonly string[] UserNames = ["alice", "bob", "deploy", "jenkins", "mchen", "spatel", "ops", "ubuntu"];

    public static SimHost Create(int index, Prng random, long startMicros)
    {
        Prng hostRandom = random.Fork();
        string name = $"{Roles[hostRandom.Next(Roles.Length)]}-{Sites[hostRandom.Next(Sites.Length)]}-{index + 1:D2}";
        string primaryIp = $"10.{hostRandom.Next(10, 60)}.{hostRandom.Next(256)}.{hostRandom.Next(2, 254)}";
        var root = new SimUser("0", "root", "0", "root");
        var users = new SimUser[3];
        for (int i = 0; i < users.Length; i++)
        {
            string userName = UserNames[(hostRandom.Next(UserNames.Length) + i) % UserNames.Length];
            string id = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            users[i] = new SimUser(id, userName, id, userName);
        }

        var host = new SimHost
        {
            Index = index,
            Id = HexId(hostRandom, 16),
            Name = name,
            PrimaryIp = primaryIp,
            Ips = [primaryIp, "127.0.0.1", "::1", $"fe80::{hostRandom.Next(0x1000, 0xffff):x}:{hostRandom.Next(0x1000, 0xffff):x}:{hostRandom.Next(0x1000, 0xffff):x}:{hostRandom.Next(0x1000, 0xffff):x}"],
            Macs = [Mac(hostRandom)],
            Os = OperatingSystems[hostRandom.Next(OperatingSystems.Length)],
            AgentId = Guid(hostRandom),
            AgentVersion = "8.15.3",
            Random = hostRandom,
            ShipLagMicros = hostRandom.NextLong(0, 400_000),
            Root = root,
            Users = users,
            NextPid = 1000 + hostRandom.Next(20_000),
        };
        host.ClockMicros = startMicros;

        long boot = startMicros - hostRandom.NextLong(3_600_000_000L, 40L * 86_400_000_000L);
        SimProcess init = Daemon(host, "systemd", "/usr/lib/systemd/systemd", ["/sbin/init", "splash"], boot, null, 1);
        init.EntryLeader = init;
        host.Daemons["init"] = init;
        host.Daemons["sshd"] = Daemon(host, "sshd", "/usr/sbin/sshd", ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"], boot + 4_000_000, init);
        host.Daemons["cron"] = Daemon(host, "cron", "/usr/sbin/cron", ["/usr/sbin/cron", "-f", "-P"], boot + 4_100_000, init);
        host.Daemons["resolved"] = Daemon(host, "systemd-resolve", "/usr/lib/systemd/systemd-resolved", ["/lib/systemd/systemd-resolved"], boot + 2_000_000, init);
        host.Daemons["rsyslogd"] = Daemon(host, "rsyslogd", "/usr/sbin/rsyslogd", ["/usr/sbin/rsyslogd", "-n", "-iNONE"], boot + 3_000_000, init);
        host.Daemons["nginx"] = Daemon(host, "nginx", "/usr/sbin/nginx", ["nginx: worker process"], boot + 5_000_000, init);
        host.Daemons["node"] = Daemon(host, "node", "/usr/bin/node", ["/usr/bin/node", "/srv/app/server.js"], boot + 6_000_000, init);
        host.Daemons["agent"] = Daemon(host, "elastic-agent", "/opt/Elastic/Agent/elastic-agent", ["/opt/Elastic/Agent/elastic-agent"], boot + 7_000_000, init);
        return host;
    }

    private static SimProcess Daemon(SimHost host, string name, string executable, string[] args, long start, SimProcess? parent, int pid = 0)
    {
        int processPid = pid != 0 ? pid : host.Random.Next(300, 999);
        var process = new SimProcess
        {
            EntityId = EntityId(host.AgentId, processPid, start),
            Pid = processPid,
            Name = name,
            Executable = executable,
            Args = args,
            CommandLine = string.Join(' ', args),
            WorkingDirectory = "/",
            StartMicros = start,
            User = host.Root,
            Parent = parent,
            Ancestry = parent is null ? [] : [parent.EntityId, .. parent.Ancestry],
            Sha256 = Sha256Of(executable),
            EntryType = parent is null ? "init" : "unknown",
        };
        if (parent is not null)
        {
            process.SessionLeader = process;
            process.GroupLeader = process;
            process.EntryLeader = parent.Leader(parent.EntryLeader);
        }
        return process;
    }

    /// <summary>Defend-style entity id: base64 of "agent-pid-start seconds" (pids are not reused within a second).</summary>
    public static string EntityId(string agentId, int pid, long startMicros)
    {
        string text = $"{agentId}-{pid}-{startMicros / 1_000_000}";
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>A stable fake image hash: the same executable always hashes the same.</summary>
    public static string Sha256Of(string executable)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in executable)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        var prng = new Prng(h);
        return HexId(prng, 32);
    }

    public static string HexId(Prng random, int bytes)
    {
        Span<byte> raw = stackalloc byte[bytes];
        random.NextBytes(raw);
        return Convert.ToHexStringLower(raw);
    }

    private static string Guid(Prng random)
    {
        string hex = HexId(random, 16);
        return $"{hex[..8]}-{hex[8..12]}-4{hex[13..16]}-a{hex[17..20]}-{hex[20..32]}";
    }

    private static string Mac(Prng random)
    {
        Span<byte> raw = stackalloc byte[6];
        random.NextBytes(raw);
        raw[0] = (byte)((raw[0] & 0xFE) | 0x02);
        return Convert.ToHexString(raw).ToUpperInvariant() is var hex
            ? $"{hex[..2]}-{hex[2..4]}-{hex[4..6]}-{hex[6..8]}-{hex[8..10]}-{hex[10..12]}"
            : hex;
    }
}
