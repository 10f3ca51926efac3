namespace Vigil.Detection.Suppression;

/// <summary>
/// The alerts written by earlier runs, as alert suppression needs them (<c>vigil serve</c>'s alert store): Kibana
/// looks for an open alert with the same instance id in the alerts index before it creates one, so suppression
/// carries across executions and restarts, and an alert an analyst closed is never extended.
/// </summary>
public interface ISuppressedAlertStore
{
    /// <summary>The stored alerts with this <c>kibana.alert.instance.id</c> that are not closed.</summary>
    IReadOnlyList<StoredSuppressedAlert> OpenAlertsOf(string instanceId);

    /// <summary>Whether an alert with this id is stored (a re-run of an execution must not count its alerts twice).</summary>
    bool Contains(string alertId);

    /// <summary>Writes a stored alert's new suppression fields and <c>kibana.alert.last_detected</c>.</summary>
    void Update(StoredSuppressedAlert alert, DateTimeOffset lastDetected);
}
