namespace Vigil.Server.Tests.Store;

/// <summary>One event as read back from a segment: its line as text and its envelope.</summary>
internal sealed record StoredEvent(string Source, string Index, string Id, string Segment, long Line);
