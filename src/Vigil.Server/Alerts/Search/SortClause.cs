namespace Vigil.Server.Alerts.Search;

/// <summary>One sort key: a field (or <c>_score</c> / <c>_doc</c>), its order, where missing values go.</summary>
internal sealed record SortClause(string Field, bool Descending, bool MissingFirst);
