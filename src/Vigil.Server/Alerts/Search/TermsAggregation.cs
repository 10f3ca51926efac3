namespace Vigil.Server.Alerts.Search;

/// <summary>
/// An aggregation of the subset Kibana's alert summaries use: <c>terms</c> (buckets by value, with sub-aggregations)
/// or <c>cardinality</c> / <c>value_count</c> (one number).
/// </summary>
internal sealed record TermsAggregation(
    string Name, string Type, string Field, int Size, int MinDocCount, bool OrderByKey, bool Ascending,
    IReadOnlyList<TermsAggregation> SubAggregations);
