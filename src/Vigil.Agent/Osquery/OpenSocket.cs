namespace Vigil.Agent.Osquery;

/// <summary>A socket of the host joined with the process that holds it (pid and fd -1 when none does).</summary>
internal sealed record OpenSocket(
    long Pid,
    long Fd,
    long Inode,
    long Family,
    long Protocol,
    string LocalAddress,
    long LocalPort,
    string RemoteAddress,
    long RemotePort,
    string Path,
    string State,
    string NetNamespace);
