namespace Vigil.Detection.Alerts;

/// <summary>
/// One entry of <c>kibana.alert.ancestors</c>: the event or alert an alert was built from. <see cref="Rule"/> is the
/// saved-object id of the rule that wrote a <c>signal</c> ancestor (absent for events).
/// </summary>
public sealed record AlertAncestor(string Id, string Type, string Index, int Depth, string? Rule = null)
{
    /// <summary>An ancestor that is a source event (depth 0).</summary>
    public static AlertAncestor ForEvent(string id, string index) => new(id, "event", index, 0);
}
