namespace Vigil.Simulation;

/// <summary>The labelled attacks and near-misses the simulator can inject (names as on the command line).</summary>
public enum ScenarioKind
{
    /// <summary><c>cat-network</c>: a shell execs cat and that cat connects to a public address within 1 s.</summary>
    CatNetwork,

    /// <summary><c>cat-network-private</c>: as above but the destination is a private address.</summary>
    CatNetworkPrivate,

    /// <summary><c>cat-network-wrong-parent</c>: cat is started by python3, not a shell.</summary>
    CatNetworkWrongParent,

    /// <summary><c>cat-network-slow</c>: the connection comes 1.5 s after the exec.</summary>
    CatNetworkSlow,

    /// <summary><c>cat-network-other-process</c>: the shell, not cat, makes the connection.</summary>
    CatNetworkOtherProcess,
}
