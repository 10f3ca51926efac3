namespace Vigil.Server.Alerts.Search;

/// <summary>A matching document with its sort values.</summary>
internal sealed record SearchHit(AlertView View, SortValue[] SortValues);
