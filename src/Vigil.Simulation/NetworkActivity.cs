namespace Vigil.Simulation;

/// <summary>Schedules connection, DNS and file events for a process.</summary>
internal static class NetworkActivity
{
    /// <summary>An outbound connection: attempted at <paramref name="time"/>, disconnected after <paramref name="duration"/>.</summary>
    public static void Outbound(SimHost host, SimProcess process, long time, string destination, int port, long duration,
        ScenarioInstance? scenario = null, string transport = "tcp")
    {
        var connection = new Connection(host.PrimaryIp, host.Random.Next(32768, 61000), destination, port, transport, Ingress: false,
            SourceBytes: host.Random.Next(60, 40_000), DestinationBytes: host.Random.Next(60, 400_000));
        host.Schedule(new PendingEvent { Kind = PendingEventKind.ConnectionAttempted, TimeMicros = time, Process = process, Connection = connection, Scenario = scenario });
        host.Schedule(new PendingEvent { Kind = PendingEventKind.DisconnectReceived, TimeMicros = time + duration, Process = process, Connection = connection, Scenario = scenario });
    }

    /// <summary>An inbound connection accepted by a listening daemon.</summary>
    public static void Inbound(SimHost host, SimProcess process, long time, string client, int port, long duration)
    {
        var connection = new Connection(client, host.Random.Next(1024, 65000), host.PrimaryIp, port, "tcp", Ingress: true,
            SourceBytes: host.Random.Next(200, 20_000), DestinationBytes: host.Random.Next(200, 200_000));
        host.Schedule(new PendingEvent { Kind = PendingEventKind.ConnectionAccepted, TimeMicros = time, Process = process, Connection = connection });
        host.Schedule(new PendingEvent { Kind = PendingEventKind.DisconnectReceived, TimeMicros = time + duration, Process = process, Connection = connection });
    }

    /// <summary>A name lookup through the local stub resolver; returns when the answer arrives.</summary>
    public static long Lookup(SimHost host, SimProcess process, long time, string name, string answer)
    {
        var query = new Connection(host.PrimaryIp, host.Random.Next(32768, 61000), "127.0.0.53", 53, "udp", Ingress: false, 0, 0);
        long answered = time + host.Random.Next(300, 30_000);
        host.Schedule(new PendingEvent { Kind = PendingEventKind.DnsLookupRequested, TimeMicros = time, Process = process, Connection = query, DnsName = name });
        host.Schedule(new PendingEvent { Kind = PendingEventKind.DnsLookupResult, TimeMicros = answered, Process = process, Connection = query, DnsName = name, DnsAnswers = [answer] });
        return answered;
    }

    public static void File(SimHost host, SimProcess process, long time, PendingEventKind kind, string path) =>
        host.Schedule(new PendingEvent { Kind = kind, TimeMicros = time, Process = process, FilePath = path });
}
