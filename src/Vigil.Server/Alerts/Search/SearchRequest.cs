namespace Vigil.Server.Alerts.Search;

/// <summary>A parsed <c>signals/search</c> body.</summary>
internal sealed record SearchRequest(
    QueryNode Query, IReadOnlyList<SortClause> Sort, int Size, int From, SourceFilter Source,
    long? TrackTotalHitsUpTo, IReadOnlyList<TermsAggregation> Aggregations);
