namespace Vigil.Cluster;

/// <summary>The broker kept a stream or consumer config other than the one Vigil asked for; Vigil refuses to run on it.</summary>
public sealed class ClusterConfigMismatchException(string message) : Exception(message);
