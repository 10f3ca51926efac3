namespace Vigil.Simulation;

/// <summary>Converts between <see cref="ScenarioKind"/> and its command-line name.</summary>
public static class ScenarioNames
{
    private static readonly (string Name, ScenarioKind Kind, bool ExpectAlert)[] Table =
    [
        ("cat-network", ScenarioKind.CatNetwork, true),
        ("cat-network-private", ScenarioKind.CatNetworkPrivate, false),
        ("cat-network-wrong-parent", ScenarioKind.CatNetworkWrongParent, false),
        ("cat-network-slow", ScenarioKind.CatNetworkSlow, false),
        ("cat-network-other-process", ScenarioKind.CatNetworkOtherProcess, false),
    ];

    /// <summary>Every scenario, in catalogue order.</summary>
    public static IReadOnlyList<ScenarioKind> All { get; } = Array.ConvertAll(Table, row => row.Kind);

    public static string NameOf(ScenarioKind kind) => Table[(int)kind].Name;

    /// <summary>Whether the seed rule (network activity via cat) must alert on this scenario.</summary>
    public static bool ExpectsAlert(ScenarioKind kind) => Table[(int)kind].ExpectAlert;

    public static bool TryParse(string name, out ScenarioKind kind)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = row.Kind;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
