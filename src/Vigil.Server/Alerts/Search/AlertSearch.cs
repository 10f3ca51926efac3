namespace Vigil.Server.Alerts.Search;

/// <summary>
/// Runs a compiled search over the store: the prefilter in SQL, the query on each remaining document, then sort,
/// page and aggregations. Scores are constant (1 in query context, 0 for filters only): there is no relevance.
/// </summary>
internal sealed class AlertSearch(IAlertDocumentStore store)
{
    /// <summary>All matching documents in insertion order; dispose each view.</summary>
    public List<AlertView> Matching(QueryNode query)
    {
        var prefilter = new AlertPrefilter();
        query.Prefilter(prefilter);
        var result = new List<AlertView>();
        foreach (var alert in store.Find(prefilter.IsEmpty ? null : prefilter))
        {
            var view = new AlertView(alert, store.IndexName);
            if (query.Matches(view))
            {
                result.Add(view);
            }
            else
            {
                view.Dispose();
            }
        }
        return result;
    }

    public List<SearchHit> Sorted(List<AlertView> matches, IReadOnlyList<SortClause> sort)
    {
        var hits = new List<SearchHit>(matches.Count);
        foreach (var view in matches)
        {
            var values = new SortValue[sort.Count];
            for (var i = 0; i < sort.Count; i++)
            {
                var clause = sort[i];
                values[i] = clause.Field switch
                {
                    "_score" => new SortValue(true, true, 1, null),
                    "_doc" => new SortValue(true, true, view.Alert.Row, null),
                    _ => SortValue.Pick(view.Values(clause.Field), clause.Field, clause.Descending),
                };
            }
            hits.Add(new SearchHit(view, values));
        }
        if (sort.Count > 0)
        {
            // A stable sort: ties keep insertion order, as Elasticsearch's single shard keeps doc order.
            var ordered = hits.Select((hit, index) => (hit, index)).ToList();
            ordered.Sort((a, b) =>
            {
                for (var i = 0; i < sort.Count; i++)
                {
                    var c = Compare(a.hit.SortValues[i], b.hit.SortValues[i], sort[i]);
                    if (c != 0) return c;
                }
                return a.index.CompareTo(b.index);
            });
            hits = ordered.ConvertAll(x => x.hit);
        }
        return hits;
    }

    private static int Compare(SortValue a, SortValue b, SortClause clause)
    {
        if (a.Present != b.Present)
        {
            // Missing values go last (or first) whatever the order.
            return a.Present == clause.MissingFirst ? 1 : -1;
        }
        if (!a.Present)
        {
            return 0;
        }
        var c = a.CompareTo(b);
        return clause.Descending ? -c : c;
    }
}
