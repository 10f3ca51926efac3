namespace Vigil.Simulation;

/// <summary>One network flow as Defend describes it (the local side is <c>source</c> for egress).</summary>
internal sealed record Connection(
    string SourceIp, int SourcePort, string DestinationIp, int DestinationPort, string Transport, bool Ingress,
    long SourceBytes, long DestinationBytes);
