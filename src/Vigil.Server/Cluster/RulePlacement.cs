using Vigil.Detection.Engine;
using Vigil.Detection.RuleTypes;
using Vigil.Eql.Syntax;

namespace Vigil.Server.Cluster;

/// <summary>
/// Where a rule runs in cluster mode. Events are partitioned by <c>host.id</c>, so a partition owner may run a rule
/// only if every alert it can raise depends on the events of one <c>host.id</c>: a rule that looks at each event
/// alone, or one that correlates events only when they share <c>host.id</c>. Anything else (a sequence by
/// <c>user.name</c>, a threshold over <c>source.ip</c>, a new term first seen fleet-wide, indicators kept as events)
/// runs on the one worker holding the global lease, which reads every partition. When in doubt a rule is global:
/// the global worker gets every answer right, a partition owner only the host-local ones.
/// </summary>
public static class RulePlacement
{
    /// <summary>The partition key; the brokers' subject mapping partitions by it (docs/cluster.md).</summary>
    public const string HostField = "host.id";

    /// <summary>True when the rule can run on each partition's owner; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool IsHostLocal(PreparedRule prepared, out string reason)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var rule = prepared.Rule;
        if (rule.AlertSuppression is { } suppression && !suppression.GroupBy.Contains(HostField, StringComparer.Ordinal))
        {
            reason = "alert_suppression groups without host.id";
            return false;
        }
        switch (rule.Type)
        {
            case "query" or "saved_query":
                return EventByEvent(prepared, out reason);
            case "eql":
                return EqlIsHostLocal(prepared.Statement, out reason);
            case "threshold":
                if (ThresholdSettings.From(rule.Definition, out _) is { } threshold && threshold.Fields.Contains(HostField, StringComparer.Ordinal))
                {
                    reason = "";
                    return true;
                }
                reason = "threshold counts without host.id among its fields";
                return false;
            case "new_terms":
                if (NewTermsSettings.From(rule.Definition, out _) is { } terms && terms.Fields.Contains(HostField, StringComparer.Ordinal))
                {
                    reason = "";
                    return true;
                }
                reason = "new_terms terms without host.id: first seen across the fleet";
                return false;
            case "threat_match":
                // The indicators: --threat files are read by every worker, but threat_index indicators are stored
                // events, partitioned like any other (by their host.id, usually none), so only the global worker has all.
                if (Scheduling.StoredIndicators.PatternsOf(prepared).Count > 0)
                {
                    reason = "threat_match indicators come from stored events (threat_index)";
                    return false;
                }
                return EventByEvent(prepared, out reason);
            default:
                reason = $"rule type {rule.Type}";
                return false;
        }
    }

    /// <summary>A KQL or Lucene query rule matches each event alone; an EQL-language query rule is checked as EQL.</summary>
    private static bool EventByEvent(PreparedRule prepared, out string reason)
    {
        if (prepared.Statement is not null)
        {
            return EqlIsHostLocal(prepared.Statement, out reason);
        }
        reason = "";
        return true;
    }

    /// <summary>
    /// An event query without pipes is per event. A sequence, sample or join is host-local when one position of its
    /// join keys is <c>host.id</c> in every stage (shared keys first, then the stage's own, as the matcher joins them),
    /// the <c>until</c> stage included. Pipes (head, tail, unique, count, …) work over the whole result: global.
    /// </summary>
    public static bool EqlIsHostLocal(EqlStatement? statement, out string reason)
    {
        if (statement is null)
        {
            reason = "EQL rule without a parsed query";
            return false;
        }
        if (statement.Pipes.Count > 0)
        {
            reason = "EQL pipes work over events of every host";
            return false;
        }
        var (shared, stages) = statement.Query switch
        {
            EventQuery => (ValueList<Expression>.Empty, (List<QueryStage>?)null),
            SequenceQuery s => (s.JoinKeys, WithUntil(s.Stages, s.Until)),
            SampleQuery s => (s.JoinKeys, WithUntil(s.Stages, null)),
            JoinQuery j => (j.JoinKeys, WithUntil(j.Stages, j.Until)),
            _ => (ValueList<Expression>.Empty, []),
        };
        if (stages is null)
        {
            reason = "";
            return true;
        }
        for (var position = 0; stages.Count > 0 && position < shared.Count + stages[0].JoinKeys.Count; position++)
        {
            var everyStage = true;
            foreach (var stage in stages)
            {
                var key = position < shared.Count ? shared[position] : position - shared.Count < stage.JoinKeys.Count ? stage.JoinKeys[position - shared.Count] : null;
                everyStage &= key is FieldReference { IsVariable: false, Path: HostField };
            }
            if (everyStage)
            {
                reason = "";
                return true;
            }
        }
        reason = "EQL correlation not joined by host.id";
        return false;
    }

    private static List<QueryStage> WithUntil(ValueList<QueryStage> stages, QueryStage? until)
    {
        var all = new List<QueryStage>(stages.Count + 1);
        foreach (var stage in stages)
        {
            all.Add(stage);
        }
        if (until is not null)
        {
            all.Add(until);
        }
        return all;
    }
}
