using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;

namespace Vigil.Detection.Suppression;

/// <summary>
/// Kibana's in-memory alert suppression for one rule, across executions (<c>alertWithSuppression</c> in the rule
/// registry's persistence wrapper). Within an execution, candidates with the same instance id collapse into the
/// earliest (by suppression start): <c>docs_count</c> grows by each suppressed alert's count + 1 and
/// <c>suppression.end</c> becomes the latest. Against earlier alerts: an open alert with the same instance id whose
/// <c>kibana.alert.start</c> is within the window (now − duration, or the execution's from when suppressing per
/// execution, and then only alerts of this same execution) is updated instead of creating a new one. The earlier
/// alerts are the ones this suppressor created, and, given a <see cref="ISuppressedAlertStore"/>, the open ones of
/// the store (earlier executions of a service, before a restart too).
/// </summary>
public sealed class AlertSuppressor(ISuppressedAlertStore? store = null)
{
    private readonly Dictionary<string, List<ExistingAlert>> _existing = new(StringComparer.Ordinal);

    private sealed class ExistingAlert
    {
        /// <summary>The document when this suppressor created it; null for an alert read from the store.</summary>
        public AlertDocument? Document { get; init; }
        public required string Id { get; init; }
        public required string ExecutionUuid { get; init; }
        public required DateTimeOffset Start { get; init; }
        public DateTimeOffset SuppressionStart { get; set; }
        public DateTimeOffset SuppressionEnd { get; set; }
        public long DocsCount { get; set; }
    }

    /// <summary>Adds suppression fields to an alert (instance id, terms, start = end = the given time, docs_count 0).</summary>
    public static void AddFields(AlertDocument alert, IReadOnlyList<SuppressionTerm> terms, string instanceId, DateTimeOffset suppressionTime)
    {
        var termsJson = new JsonArray();
        foreach (var t in terms)
        {
            termsJson.Add(t.ToJson());
        }
        var time = AlertTime.ToIso(suppressionTime);
        alert.Source.Set("kibana.alert.instance.id", instanceId);
        alert.Source.Set("kibana.alert.suppression.terms", termsJson);
        alert.Source.Set("kibana.alert.suppression.start", time);
        alert.Source.Set("kibana.alert.suppression.end", time);
        alert.Source.Set("kibana.alert.suppression.docs_count", 0L);
    }

    /// <summary>Counts of one <see cref="Process"/> call.</summary>
    public readonly record struct Outcome(IReadOnlyList<AlertDocument> Created, int Suppressed, bool Truncated);

    /// <summary>
    /// Processes one execution's candidates. <paramref name="knownIds"/> holds every alert id already written (and
    /// receives the new ones); <paramref name="maxAlerts"/> caps the documents created (0 = no cap).
    /// </summary>
    public Outcome Process(IReadOnlyList<SuppressionCandidate> candidates, AlertExecutionContext context,
        DateTimeOffset windowStart, bool perExecutionOnly, HashSet<string> knownIds, int maxAlerts)
    {
        var now = AlertTime.ToIso(context.AlertTimestamp);
        var fresh = new List<SuppressionCandidate>();
        foreach (var c in candidates)
        {
            // An id the store holds is this execution run again (a replay after a crash): already counted.
            if (!knownIds.Contains(c.Alert.Id) && store?.Contains(c.Alert.Id) != true)
            {
                fresh.Add(c);
            }
        }

        // The store is read once per instance id and call; what this call changes in a stored alert is written back
        // at the end, so the next call (the next window or execution) reads it again as it now is.
        var fromStore = new Dictionary<string, List<ExistingAlert>>(StringComparer.Ordinal);
        var storeChanged = new HashSet<ExistingAlert>();
        List<ExistingAlert> Stored(string instanceId)
        {
            if (!fromStore.TryGetValue(instanceId, out var list))
            {
                list = [];
                foreach (var s in store!.OpenAlertsOf(instanceId))
                {
                    if (!_existing.TryGetValue(instanceId, out var mine) || !mine.Exists(e => e.Id == s.Id))
                    {
                        list.Add(new ExistingAlert
                        {
                            Id = s.Id,
                            ExecutionUuid = s.ExecutionUuid,
                            Start = s.Start,
                            SuppressionStart = s.SuppressionStart,
                            SuppressionEnd = s.SuppressionEnd,
                            DocsCount = s.DocsCount,
                        });
                    }
                }
                fromStore[instanceId] = list;
            }
            return list;
        }

        ExistingAlert? Latest(string instanceId)
        {
            ExistingAlert? best = null;
            void Consider(List<ExistingAlert> list)
            {
                foreach (var e in list)
                {
                    if (e.Start >= windowStart && (best is null || e.Start > best.Start))
                    {
                        best = e;
                    }
                }
            }
            if (_existing.TryGetValue(instanceId, out var mine))
            {
                Consider(mine);
            }
            if (store is not null)
            {
                Consider(Stored(instanceId));
            }
            return best;
        }

        // Drop what an existing alert already covers (same or later end), unless it is from this execution.
        var nonSuppressed = new List<SuppressionCandidate>();
        foreach (var c in fresh)
        {
            var existing = Latest(c.InstanceId);
            if (existing is null || existing.ExecutionUuid == context.ExecutionUuid || existing.SuppressionEnd < End(c))
            {
                nonSuppressed.Add(c);
            }
        }

        // suppressAlertsInMemory: stable sort by suppression start, first per instance id wins.
        var ordered = nonSuppressed.Select((c, i) => (c, i)).OrderBy(p => p.c.SuppressionStart).ThenBy(p => p.i).Select(p => p.c).ToList();
        var winners = new List<SuppressionCandidate>();
        var byId = new Dictionary<string, (SuppressionCandidate Winner, long Count, DateTimeOffset End)>(StringComparer.Ordinal);
        var suppressedCount = 0;
        foreach (var c in ordered)
        {
            if (byId.TryGetValue(c.InstanceId, out var entry))
            {
                var end = End(c) > entry.End ? End(c) : entry.End;
                byId[c.InstanceId] = (entry.Winner, entry.Count + DocsCount(c) + 1, end);
                suppressedCount++;
            }
            else
            {
                byId[c.InstanceId] = (c, DocsCount(c), End(c));
                winners.Add(c);
            }
        }
        foreach (var w in winners)
        {
            var (_, count, end) = byId[w.InstanceId];
            w.Alert.Source.Set("kibana.alert.suppression.docs_count", count);
            w.Alert.Source.Set("kibana.alert.suppression.end", AlertTime.ToIso(end));
        }

        var created = new List<AlertDocument>();
        var truncated = false;
        foreach (var w in winners)
        {
            var existing = Latest(w.InstanceId);
            var isDuplicate = existing is not null && (!perExecutionOnly || existing.ExecutionUuid == context.ExecutionUuid);
            if (isDuplicate)
            {
                var e = existing!;
                var wEnd = End(w);
                if (!(e.SuppressionEnd >= wEnd))
                {
                    e.SuppressionEnd = wEnd;
                    e.Document?.Source.Set("kibana.alert.suppression.end", AlertTime.ToIso(wEnd));
                }
                if (e.ExecutionUuid == context.ExecutionUuid && e.SuppressionStart >= w.SuppressionStart)
                {
                    e.SuppressionStart = w.SuppressionStart;
                    e.Document?.Source.Set("kibana.alert.suppression.start", AlertTime.ToIso(w.SuppressionStart));
                }
                e.DocsCount += DocsCount(w) + 1;
                e.Document?.Source.Set("kibana.alert.suppression.docs_count", e.DocsCount);
                e.Document?.Source.Set("kibana.alert.last_detected", now);
                if (e.Document is null)
                {
                    storeChanged.Add(e);
                }
                suppressedCount++;
                continue;
            }
            var docs = new List<AlertDocument>(1 + w.SubAlerts.Count) { w.Alert };
            docs.AddRange(w.SubAlerts);
            if (maxAlerts > 0 && created.Count + docs.Count > maxAlerts)
            {
                truncated = true;
                break;
            }
            created.AddRange(docs);
            foreach (var d in docs)
            {
                knownIds.Add(d.Id);
            }
            if (!_existing.TryGetValue(w.InstanceId, out var list))
            {
                _existing[w.InstanceId] = list = [];
            }
            list.Add(new ExistingAlert
            {
                Document = w.Alert,
                Id = w.Alert.Id,
                ExecutionUuid = context.ExecutionUuid,
                Start = context.AlertTimestamp,
                SuppressionStart = w.SuppressionStart,
                SuppressionEnd = End(w),
                DocsCount = DocsCount(w),
            });
        }
        foreach (var e in storeChanged)
        {
            store!.Update(new StoredSuppressedAlert(e.Id, e.ExecutionUuid, e.Start, e.SuppressionStart, e.SuppressionEnd, e.DocsCount),
                context.AlertTimestamp);
        }
        return new Outcome(created, suppressedCount, truncated);
    }

    private static DateTimeOffset End(SuppressionCandidate c) =>
        c.Alert.Source["kibana.alert.suppression.end"] is JsonValue v && v.TryGetValue<string>(out var s) &&
        DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : c.SuppressionStart;

    private static long DocsCount(SuppressionCandidate c) =>
        c.Alert.Source["kibana.alert.suppression.docs_count"] is JsonValue v && Json.FieldValues.TryGetNumber(v, out var n) ? (long)n : 0;
}
