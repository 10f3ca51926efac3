using System.Net;

namespace Vigil.Agent.Sensor;

/// <summary>A socket's two ends as ECS names them (source is who opened it) and its byte counts at close.</summary>
public sealed record SocketFacts(IPAddress SourceIp, int SourcePort, IPAddress DestinationIp, int DestinationPort,
    string Transport, bool Ingress, long SourceBytes = -1, long DestinationBytes = -1);
