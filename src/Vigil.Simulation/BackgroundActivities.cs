namespace Vigil.Simulation;

/// <summary>
/// Everyday host activity: ssh logins and the commands typed in them, cron jobs, daemons serving and calling out,
/// package updates, log writes. Only processes other than cat ever touch the network, so background traffic can
/// never satisfy the cat-network rule by accident (a background cat only reads files).
/// </summary>
internal static class BackgroundActivities
{
    private const long Millisecond = 1_000;
    private const long Second = 1_000_000;

    private enum Behaviour { Plain, ReadFile, EditFile, CreateFile, DeleteFile, Download, GitPull, SshOut, Apt, Dig }

    private sealed record Command(string Executable, string[] Args, Behaviour Behaviour, string? Host = null);

    private static readonly Command[] Commands =
    [
        new("/usr/bin/ls", ["ls", "-la"], Behaviour.Plain),
        new("/usr/bin/ps", ["ps", "aux"], Behaviour.Plain),
        new("/usr/bin/df", ["df", "-h"], Behaviour.Plain),
        new("/usr/bin/free", ["free", "-m"], Behaviour.Plain),
        new("/usr/bin/uptime", ["uptime"], Behaviour.Plain),
        new("/usr/bin/id", ["id"], Behaviour.Plain),
        new("/usr/bin/top", ["top", "-b", "-n", "1"], Behaviour.Plain),
        new("/usr/bin/systemctl", ["systemctl", "status", "nginx"], Behaviour.Plain),
        new("/usr/bin/journalctl", ["journalctl", "-u", "nginx", "--since", "-1h"], Behaviour.ReadFile),
        new("/usr/bin/cat", ["cat", "/etc/os-release"], Behaviour.ReadFile),
        new("/usr/bin/cat", ["cat", "/var/log/nginx/access.log"], Behaviour.ReadFile),
        new("/usr/bin/cat", ["cat", "/etc/hosts"], Behaviour.ReadFile),
        new("/usr/bin/grep", ["grep", "-i", "error", "/var/log/syslog"], Behaviour.ReadFile),
        new("/usr/bin/tail", ["tail", "-n", "200", "/var/log/auth.log"], Behaviour.ReadFile),
        new("/usr/bin/less", ["less", "/srv/app/config.yml"], Behaviour.ReadFile),
        new("/usr/bin/vim.basic", ["vim", "/srv/app/config.yml"], Behaviour.EditFile),
        new("/usr/bin/nano", ["nano", "/etc/nginx/sites-available/default"], Behaviour.EditFile),
        new("/usr/bin/touch", ["touch", "/tmp/deploy.lock"], Behaviour.CreateFile),
        new("/usr/bin/tar", ["tar", "czf", "/tmp/app-backup.tar.gz", "/srv/app"], Behaviour.CreateFile),
        new("/usr/bin/rm", ["rm", "-f", "/tmp/deploy.lock"], Behaviour.DeleteFile),
        new("/usr/bin/curl", ["curl", "-sSL", "https://api.github.com/repos/elastic/elasticsearch/releases/latest"], Behaviour.Download, "api.github.com"),
        new("/usr/bin/curl", ["curl", "-fsS", "https://status.example-cdn.net/health"], Behaviour.Download, "status.example-cdn.net"),
        new("/usr/bin/wget", ["wget", "-q", "https://releases.ubuntu.com/22.04/SHA256SUMS"], Behaviour.Download, "releases.ubuntu.com"),
        new("/usr/bin/pip3", ["pip3", "install", "--user", "requests"], Behaviour.Download, "pypi.org"),
        new("/usr/bin/git", ["git", "pull", "--ff-only"], Behaviour.GitPull, "github.com"),
        new("/usr/bin/ssh", ["ssh", "deploy@db-internal"], Behaviour.SshOut),
        new("/usr/bin/scp", ["scp", "/tmp/app-backup.tar.gz", "backup@10.20.0.15:/backups/"], Behaviour.SshOut),
        new("/usr/bin/apt-get", ["apt-get", "update"], Behaviour.Apt, "archive.ubuntu.com"),
        new("/usr/bin/dig", ["dig", "+short", "elastic.co"], Behaviour.Dig, "elastic.co"),
        new("/usr/bin/python3", ["python3", "/srv/app/manage.py", "migrate"], Behaviour.Plain),
        new("/usr/bin/docker", ["docker", "ps"], Behaviour.Plain),
    ];

    private static readonly string[] CronJobs =
    [
        "/usr/sbin/logrotate /etc/logrotate.conf",
        "/usr/bin/python3 /opt/scripts/backup.py --target s3",
        "/usr/lib/php/sessionclean",
        "/usr/bin/certbot renew --quiet",
        "/usr/bin/run-parts --report /etc/cron.daily",
    ];

    /// <summary>Starts one activity on <paramref name="host"/> at <paramref name="time"/>.</summary>
    public static void Spawn(SimHost host, long time)
    {
        Prng random = host.Random;
        // Sessions about to close take no new commands (a command may run for minutes).
        host.Sessions.RemoveAll(session => session.EndMicros < time + 6 * 60 * Second);
        int roll = random.Next(100);
        if (host.Sessions.Count == 0 || (roll < 6 && host.Sessions.Count < 4))
        {
            SshLogin(host, time);
        }
        else if (roll < 50)
        {
            InteractiveCommand(host, random.Pick(host.Sessions), time);
        }
        else if (roll < 60)
        {
            CronJob(host, time);
        }
        else if (roll < 75)
        {
            WebRequest(host, time);
        }
        else if (roll < 85)
        {
            AppDatabaseCall(host, time);
        }
        else if (roll < 92)
        {
            AgentCheckIn(host, time);
        }
        else
        {
            NetworkActivity.File(host, host.Daemons["rsyslogd"], time, PendingEventKind.FileModification, "/var/log/syslog");
        }
    }

    private static void SshLogin(SimHost host, long time)
    {
        Prng random = host.Random;
        SimProcess sshd = host.Daemons["sshd"];
        string client = random.Chance(0.7) ? Addresses.Private(random) : Addresses.Public(random);
        long sessionLength = random.NextLong(10 * 60 * Second, 60 * 60 * Second);
        NetworkActivity.Inbound(host, sshd, time, client, 22, sessionLength + 200 * Millisecond);

        SimUser user = random.Pick(host.Users);
        SimProcess session = ProcessTree.Fork(host, sshd, time + 2 * Millisecond, host.Root);
        long t = time + random.NextLong(80, 400) * Millisecond;
        ProcessTree.Exec(host, session, t, "/usr/sbin/sshd", ["sshd: " + user.Name + " [priv]"]);
        int pid = host.AllocatePid();
        long shellStart = t + random.NextLong(5, 40) * Millisecond;
        var shell = new SimProcess
        {
            EntityId = HostFactory.EntityId(host.AgentId, pid, shellStart),
            Pid = pid,
            Name = "sshd",
            Executable = "/usr/sbin/sshd",
            Args = [$"sshd: {user.Name}@pts/{random.Next(8)}"],
            CommandLine = "",
            WorkingDirectory = "/home/" + user.Name,
            StartMicros = shellStart,
            User = user,
            Parent = session,
            Ancestry = [session.EntityId, .. session.Ancestry],
            Sha256 = session.Sha256,
            Interactive = true,
            EntryType = "sshd",
            EntrySourceIp = client,
        };
        shell.CommandLine = shell.Args[0];
        shell.SessionLeader = shell;
        shell.EntryLeader = shell;
        shell.GroupLeader = shell;
        host.Schedule(new PendingEvent { Kind = PendingEventKind.Fork, TimeMicros = shellStart, Process = shell });
        ProcessTree.Exec(host, shell, shellStart + random.NextLong(1, 5) * Millisecond, "/usr/bin/bash", ["-bash"]);
        host.Sessions.Add(shell);
        shell.EndMicros = time + sessionLength;
        ProcessTree.End(host, shell, time + sessionLength);
        ProcessTree.End(host, session, time + sessionLength + 50 * Millisecond);
    }

    private static void InteractiveCommand(SimHost host, SimProcess shell, long time)
    {
        Prng random = host.Random;
        Command command = random.Pick(Commands);
        SimProcess child = ProcessTree.Fork(host, shell, time);
        long t = time + random.NextLong(200, 2_000);
        ProcessTree.Exec(host, child, t, command.Executable, command.Args);
        long end = t + random.NextLong(3, 900) * Millisecond;
        switch (command.Behaviour)
        {
            case Behaviour.EditFile:
                string edited = command.Args[^1];
                string swap = edited[..(edited.LastIndexOf('/') + 1)] + "." + edited[(edited.LastIndexOf('/') + 1)..] + ".swp";
                end = t + random.NextLong(20, 300) * Second;
                NetworkActivity.File(host, child, t + 30 * Millisecond, PendingEventKind.FileCreation, swap);
                NetworkActivity.File(host, child, end - 40 * Millisecond, PendingEventKind.FileModification, edited);
                NetworkActivity.File(host, child, end - 20 * Millisecond, PendingEventKind.FileDeletion, swap);
                break;
            case Behaviour.CreateFile:
            {
                long created = t + random.NextLong(1, 50) * Millisecond;
                NetworkActivity.File(host, child, created, PendingEventKind.FileCreation, command.Args[0] == "tar" ? command.Args[2] : command.Args[^1]);
                end = Math.Max(end, created + random.NextLong(1, 400) * Millisecond);
                break;
            }
            case Behaviour.DeleteFile:
            {
                long deleted = t + random.NextLong(1, 5) * Millisecond;
                NetworkActivity.File(host, child, deleted, PendingEventKind.FileDeletion, command.Args[^1]);
                end = Math.Max(end, deleted + Millisecond);
                break;
            }
            case Behaviour.Download:
            case Behaviour.GitPull:
            case Behaviour.Apt:
            {
                string address = Addresses.Public(random);
                long answered = NetworkActivity.Lookup(host, child, t + 2 * Millisecond, command.Host!, address);
                long duration = random.NextLong(80, 3_000) * Millisecond;
                NetworkActivity.Outbound(host, child, answered + 500, address, command.Behaviour == Behaviour.Apt ? 80 : 443, duration);
                end = answered + duration + 20 * Millisecond;
                if (command.Behaviour == Behaviour.GitPull)
                {
                    NetworkActivity.File(host, child, end - 10 * Millisecond, PendingEventKind.FileModification, shell.WorkingDirectory + "/app/.git/FETCH_HEAD");
                }
                else if (command.Behaviour == Behaviour.Apt)
                {
                    NetworkActivity.File(host, child, end - 10 * Millisecond, PendingEventKind.FileCreation, "/var/lib/apt/lists/partial/archive.ubuntu.com_ubuntu_dists_jammy-updates_InRelease");
                }
                break;
            }
            case Behaviour.SshOut:
            {
                long duration = random.NextLong(1, 120) * Second;
                NetworkActivity.Outbound(host, child, t + 3 * Millisecond, Addresses.Private(random), 22, duration);
                end = t + duration + 10 * Millisecond;
                break;
            }
            case Behaviour.Dig:
                end = NetworkActivity.Lookup(host, child, t + 1 * Millisecond, command.Host!, Addresses.Public(random)) + 2 * Millisecond;
                break;
        }
        ProcessTree.End(host, child, end);
    }

    private static void CronJob(SimHost host, long time)
    {
        Prng random = host.Random;
        SimProcess cron = ProcessTree.Fork(host, host.Daemons["cron"], time, host.Root);
        long t = time + random.NextLong(1, 4) * Millisecond;
        string job = random.Pick(CronJobs);
        ProcessTree.Exec(host, cron, t, "/usr/bin/sh", ["/bin/sh", "-c", job]);
        SimProcess worker = ProcessTree.Fork(host, cron, t + random.NextLong(1, 3) * Millisecond, newGroup: false);
        string[] words = job.Split(' ');
        long t2 = t + random.NextLong(2, 6) * Millisecond;
        string executable = words[0].StartsWith('/') ? words[0] : "/usr/bin/" + words[0];
        ProcessTree.Exec(host, worker, t2, executable, words);
        long end = t2 + random.NextLong(50, 4_000) * Millisecond;
        if (job.Contains("backup.py", StringComparison.Ordinal))
        {
            long answered = NetworkActivity.Lookup(host, worker, t2 + 40 * Millisecond, "s3.eu-central-1.amazonaws.com", "52.219.170." + random.Next(1, 255));
            NetworkActivity.Outbound(host, worker, answered + 1_000, "52.219.170." + random.Next(1, 255), 443, random.NextLong(1, 20) * Second);
            end = answered + 21 * Second;
        }
        else if (job.Contains("logrotate", StringComparison.Ordinal))
        {
            NetworkActivity.File(host, worker, t2 + 20 * Millisecond, PendingEventKind.FileCreation, "/var/log/nginx/access.log.1");
            NetworkActivity.File(host, worker, t2 + 25 * Millisecond, PendingEventKind.FileModification, "/var/log/nginx/access.log");
        }
        ProcessTree.End(host, worker, end);
        ProcessTree.End(host, cron, end + random.NextLong(1, 3) * Millisecond);
    }

    private static void WebRequest(SimHost host, long time)
    {
        Prng random = host.Random;
        string client = random.Chance(0.6) ? Addresses.Public(random) : Addresses.Private(random);
        NetworkActivity.Inbound(host, host.Daemons["nginx"], time, client, 443, random.NextLong(5, 2_000) * Millisecond);
        if (random.Chance(0.3))
        {
            NetworkActivity.File(host, host.Daemons["nginx"], time + 3 * Millisecond, PendingEventKind.FileModification, "/var/log/nginx/access.log");
        }
    }

    private static void AppDatabaseCall(SimHost host, long time)
    {
        Prng random = host.Random;
        NetworkActivity.Outbound(host, host.Daemons["node"], time, "10.20.0." + random.Next(10, 20), 5432, random.NextLong(2, 500) * Millisecond);
    }

    private static void AgentCheckIn(SimHost host, long time)
    {
        Prng random = host.Random;
        SimProcess agent = host.Daemons["agent"];
        long answered = NetworkActivity.Lookup(host, agent, time, "fleet.example-deployment.es.io", "34.117.59." + random.Next(1, 255));
        NetworkActivity.Outbound(host, agent, answered + 400, "34.117.59." + random.Next(1, 255), 443, random.NextLong(30, 300) * Millisecond);
    }
}
