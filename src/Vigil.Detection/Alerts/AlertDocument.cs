namespace Vigil.Detection.Alerts;

/// <summary>
/// One alert ready to be written to <c>.alerts-security.alerts-&lt;space&gt;</c> with <c>_id</c> = <see cref="Id"/>.
/// <see cref="GroupIndex"/> is set on a sequence's building blocks; <see cref="IsShell"/> marks a sequence's shell.
/// </summary>
public sealed record AlertDocument(string Id, AlertSource Source, int? GroupIndex = null, bool IsShell = false)
{
    public bool IsBuildingBlock => GroupIndex is not null;
}
