namespace Vigil.Server.Alerts;

/// <summary>One page of the triage list: the total matching and the page's alerts (id and document text), newest first.</summary>
public sealed record TriagePage(long Total, IReadOnlyList<StoredAlert> Alerts);
