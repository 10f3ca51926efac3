namespace Vigil.Simulation;

/// <summary>A Linux account: user and primary group.</summary>
internal sealed record SimUser(string Id, string Name, string GroupId, string GroupName);
