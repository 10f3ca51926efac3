namespace Vigil.Simulation;

/// <summary>The <c>host.os</c> block of a simulated host.</summary>
internal sealed record HostOs(string Family, string Name, string Platform, string Version, string Kernel, string Full);
