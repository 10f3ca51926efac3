using System.Text.Json.Nodes;
using Vigil.Detection.Json;
using Vigil.Detection.Rules;

namespace Vigil.Detection.Alerts;

/// <summary>
/// Builds alert documents for one rule execution exactly as Kibana writes them: one alert per matched event, and
/// for a sequence one building block per event plus a shell alert that ties them together. Alerts whose ancestry
/// already contains this rule are not built (Kibana's loop guard).
/// </summary>
public sealed class AlertBuilder
{
    private const string PlaceholderBuildingBlockUuid = "placeholder-alert-uuid";
    private const string PlaceholderShellUuid = "placeholder-uuid";

    private readonly DetectionRule _rule;
    private readonly AlertExecutionContext _context;
    private readonly string _timestamp;

    public AlertBuilder(DetectionRule rule, AlertExecutionContext context)
    {
        _rule = rule;
        _context = context;
        _timestamp = AlertTime.ToIso(context.AlertTimestamp);
    }

    /// <summary>The alert for one matched event, or null when the loop guard drops it.</summary>
    public AlertDocument? BuildSingle(SourceEvent ev)
    {
        var ancestors = Ancestors(ev);
        if (HasThisRule(ancestors))
        {
            return null;
        }
        var id = AlertIds.ForSingleEvent(ev.Index, ev.Id, ev.Version, _context.SpaceId, _rule.Uuid);
        var source = TransformHitToAlert(ev, id);
        return new AlertDocument(id, Augment(source));
    }

    /// <summary>
    /// A new_terms alert: the event's alert with Kibana's new-terms id (object-hash of the event's index, id,
    /// version, space and rule, and the new values) and <c>kibana.alert.new_terms</c>.
    /// </summary>
    public AlertDocument? BuildNewTerms(SourceEvent ev, JsonArray newTerms)
    {
        if (HasThisRule(Ancestors(ev)))
        {
            return null;
        }
        var id = RuleTypes.RuleTypeAlertIds.ForNewTerms(ev.Index, ev.Id, ev.Version, _context.SpaceId, _rule.Uuid, newTerms);
        var source = TransformHitToAlert(ev, id);
        source.Set("kibana.alert.new_terms", newTerms);
        return new AlertDocument(id, Augment(source));
    }

    /// <summary>
    /// A threshold alert: built, as Kibana builds it, from a synthetic hit (index = the rule's index patterns
    /// comma-joined, id = the UUIDv5 of rule_id, execution start, fields and sorted values) whose source is the
    /// group's latest event time as <c>@timestamp</c> (so <c>kibana.alert.original_time</c>) and its terms as fields;
    /// the group's counts go to <c>kibana.alert.threshold_result</c>.
    /// </summary>
    public AlertDocument BuildThreshold(RuleTypes.ThresholdBucket bucket, DateTimeOffset windowFrom, bool suppressed = false)
    {
        var fields = bucket.Terms.Select(t => t.Field).ToList();
        var sortedValues = bucket.Terms.Select(t => RuleTypes.TermValues.Text(t.Value)).Order(StringComparer.Ordinal);
        var hitId = RuleTypes.RuleTypeAlertIds.ThresholdHitId(_rule.RuleId, AlertTime.ToIso(_context.StartedAt), fields, string.Join(",", sortedValues));
        var index = string.Join(",", _rule.Index);
        var synthetic = new JsonObject();
        if (bucket.MaxTime is { } max)
        {
            synthetic["@timestamp"] = AlertTime.ToIso(max);
        }
        foreach (var (field, value) in bucket.Terms)
        {
            synthetic[field] = value.DeepClone();
        }
        var result = new JsonObject();
        if (bucket.Cardinality is { } distinct)
        {
            result["cardinality"] = new JsonArray(new JsonObject
            {
                ["field"] = _rule.Definition["threshold"]?["cardinality"]?[0]?["field"]?.DeepClone(),
                ["value"] = distinct,
            });
        }
        result["count"] = bucket.Count;
        result["from"] = AlertTime.ToIso(bucket.MinTime ?? windowFrom);
        var terms = new JsonArray();
        foreach (var (field, value) in bucket.Terms)
        {
            terms.Add(new JsonObject { ["field"] = field, ["value"] = value.DeepClone() });
        }
        result["terms"] = terms;
        var ev = new SourceEvent(index, hitId, synthetic);
        var id = suppressed
            ? RuleTypes.RuleTypeAlertIds.ForSuppressedThreshold(index, hitId, _context.SpaceId, _rule.Uuid)
            : AlertIds.ForSingleEvent(index, hitId, null, _context.SpaceId, _rule.Uuid);
        var source = TransformHitToAlert(ev, id);
        source.Set("kibana.alert.threshold_result", result);
        return new AlertDocument(id, Augment(source));
    }

    /// <summary>
    /// A sequence's alerts: the shell first, then one building block per event in sequence order; empty when the
    /// loop guard drops the sequence.
    /// </summary>
    public IReadOnlyList<AlertDocument> BuildSequence(IReadOnlyList<SourceEvent> events)
    {
        var allAncestors = new List<AlertAncestor>();
        var ancestorsPerBlock = new List<IReadOnlyList<AlertAncestor>>();
        foreach (var ev in events)
        {
            var a = Ancestors(ev);
            ancestorsPerBlock.Add(a);
            allAncestors.AddRange(a);
        }
        if (events.Count == 0 || HasThisRule(allAncestors))
        {
            return [];
        }

        var blocks = new List<AlertSource>(events.Count);
        foreach (var ev in events)
        {
            blocks.Add(TransformHitToAlert(ev, PlaceholderBuildingBlockUuid));
        }
        var blockIds = AlertIds.ForBuildingBlocks(ancestorsPerBlock, _rule.Uuid);
        for (var i = 0; i < blocks.Count; i++)
        {
            blocks[i].Set("kibana.alert.uuid", blockIds[i]);
        }

        // The shell: intersection of the blocks, then the alert fields built with the blocks as parents.
        var merged = SourceIntersection.Intersect(blocks);
        var reason = ReasonFormatter.ForMergedDocument(merged, _rule.Name, _rule.Severity);
        var parents = new List<AlertAncestor>(blocks.Count);
        var shellAncestors = new List<AlertAncestor>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var parent = new AlertAncestor(blockIds[i], "signal", "", 1, _rule.Uuid);
            parents.Add(parent);
            shellAncestors.AddRange(ancestorsPerBlock[i]);
            shellAncestors.Add(parent);
        }
        var shellFields = BuildAlertFields(parents, shellAncestors, _context.AlertTimestamp, reason, PlaceholderShellUuid);
        var shellId = AlertIds.FromAncestors(shellAncestors, _rule.Uuid);
        var shell = merged;
        foreach (var (key, value, defined) in shellFields.Entries())
        {
            if (defined) shell.Set(key, value);
            else shell.SetUndefined(key);
        }
        shell.Set("kibana.alert.uuid", shellId);
        shell.Set("kibana.alert.group.id", shellId);
        SetOrUndefined(shell, "kibana.alert.url", AlertUrl(shellId));

        var result = new List<AlertDocument>(blocks.Count + 1) { new(shellId, Augment(shell), IsShell: true) };
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            block.Set("kibana.alert.building_block_type", "default");
            block.Set("kibana.alert.group.id", shellId);
            block.Set("kibana.alert.group.index", i);
            SetOrUndefined(block, "kibana.alert.url", AlertUrl(blockIds[i]));
            result.Add(new AlertDocument(blockIds[i], Augment(block), GroupIndex: i));
        }
        return result;
    }

    private bool HasThisRule(IEnumerable<AlertAncestor> ancestors)
    {
        foreach (var a in ancestors)
        {
            if (a.Rule == _rule.Uuid)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The ancestry an alert on <paramref name="ev"/> inherits: the event's own (if it is an alert) plus the event.</summary>
    public static IReadOnlyList<AlertAncestor> Ancestors(SourceEvent ev)
    {
        var result = new List<AlertAncestor>();
        var kind = AlertKind(ev.Source);
        if (kind != SourceKind.Event)
        {
            var path = kind == SourceKind.DetectionAlert ? "kibana.alert.ancestors" : "signal.ancestors";
            if (LodashGet(ev.Source, path) is JsonArray existing)
            {
                foreach (var node in existing)
                {
                    if (node is JsonObject a)
                    {
                        result.Add(new AlertAncestor(
                            Str(a, "id") ?? "", Str(a, "type") ?? "event", Str(a, "index") ?? "",
                            a["depth"] is JsonValue d && FieldValues.TryGetNumber(d, out var depth) ? (int)depth : 0, Str(a, "rule")));
                    }
                }
            }
        }
        result.Add(Parent(ev));
        return result;
    }

    private enum SourceKind { Event, DetectionAlert, LegacySignal }

    // Kibana's isWrappedDetectionAlert (a top-level "kibana.alert.uuid" key) and isWrappedSignalHit (a "signal" key).
    private static SourceKind AlertKind(JsonObject source) =>
        source["kibana.alert.uuid"] is not null ? SourceKind.DetectionAlert
        : source["signal"] is not null ? SourceKind.LegacySignal
        : SourceKind.Event;

    private static AlertAncestor Parent(SourceEvent ev)
    {
        var kind = AlertKind(ev.Source);
        if (kind == SourceKind.Event)
        {
            return AlertAncestor.ForEvent(ev.Id, ev.Index);
        }
        var depthNode = LodashGet(ev.Source, kind == SourceKind.DetectionAlert ? "kibana.alert.depth" : "signal.depth");
        var depth = depthNode is JsonValue dv && FieldValues.TryGetNumber(dv, out var d) ? (int)d : 1;
        var ruleNode = LodashGet(ev.Source, kind == SourceKind.DetectionAlert ? "kibana.alert.rule.uuid" : "signal.rule.id");
        return new AlertAncestor(ev.Id, "signal", ev.Index, depth, FieldValues.AsKeyword(ruleNode));
    }

    // lodash get: the literal (dotted) key first, else the path walked segment by segment.
    private static JsonNode? LodashGet(JsonObject source, string path)
    {
        if (source.TryGetPropertyValue(path, out var direct))
        {
            return direct;
        }
        JsonNode? node = source;
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject o ? o[segment] : null;
        }
        return node;
    }

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // transformHitToAlert: reason, alert fields, cleaned source, event.kind out, then lodash merge of the fields.
    private AlertSource TransformHitToAlert(SourceEvent ev, string alertUuid)
    {
        var reason = ReasonFormatter.ForEvent(ev.Source, _rule.Name, _rule.Severity);
        var parent = Parent(ev);
        var originalTime = AlertTime.TryRead(ev.Source, "@timestamp", out var t) ? t : (DateTimeOffset?)null;
        var fields = BuildAlertFields([parent], Ancestors(ev), originalTime, reason, alertUuid);
        var source = SourceSanitizer.Sanitize(ev.Source);
        foreach (var (key, value, defined) in fields.Entries())
        {
            if (defined)
            {
                source.Set(key, value);
            }
            else if (!source.ContainsKey(key))
            {
                source.SetUndefined(key);
            }
        }
        return source;
    }

    private string? AlertUrl(string alertId)
    {
        if (string.IsNullOrEmpty(_context.PublicBaseUrl))
        {
            return null;
        }
        var path = $"/app/security/alerts/redirect/{alertId}?index={_context.AlertsIndex}&timestamp={_timestamp}";
        var space = _context.SpaceId != "default" && _context.SpaceId.Length > 0 ? "/s/" + _context.SpaceId : "";
        return _context.PublicBaseUrl + space + path;
    }

    private static void SetOrUndefined(AlertSource doc, string key, string? value)
    {
        if (value is null) doc.SetUndefined(key);
        else doc.Set(key, value);
    }

    // buildAlertFields: the kibana.alert.* fields common to all alerts, in Kibana's order.
    private AlertSource BuildAlertFields(IReadOnlyList<AlertAncestor> parents, IReadOnlyList<AlertAncestor> ancestors,
        DateTimeOffset? originalTime, string reason, string alertUuid)
    {
        var d = _rule.Definition;
        var f = new AlertSource();
        var depth = 0;
        foreach (var p in parents)
        {
            depth = Math.Max(depth, p.Depth);
        }
        depth++;

        f.Set("@timestamp", _timestamp);
        f.Set("kibana.space_ids", new JsonArray(_context.SpaceId));
        f.Set("event.kind", "signal");
        SetOrUndefined(f, "kibana.alert.original_time", originalTime is { } ot ? AlertTime.ToIso(ot) : null);
        f.Set("kibana.alert.rule.consumer", "siem");
        f.Set("kibana.alert.ancestors", AncestorsJson(ancestors));
        f.Set("kibana.alert.status", "active");
        f.Set("kibana.alert.workflow_status", "open");
        f.Set("kibana.alert.depth", depth);
        f.Set("kibana.alert.reason", reason);
        Copy(f, "kibana.alert.building_block_type", d, "building_block_type");
        Copy(f, "kibana.alert.severity", d, "severity");
        Copy(f, "kibana.alert.risk_score", d, "risk_score");
        f.Set("kibana.alert.rule.parameters", RuleParameters.Build(d));
        Copy(f, "kibana.alert.rule.actions", d, "actions");
        Copy(f, "kibana.alert.rule.author", d, "author");
        f.Set("kibana.alert.rule.created_at", Str(d, "created_at") ?? AlertTime.ToIso(_context.StartedAt));
        f.Set("kibana.alert.rule.created_by", Str(d, "created_by") ?? "");
        Copy(f, "kibana.alert.rule.description", d, "description");
        Copy(f, "kibana.alert.rule.enabled", d, "enabled");
        Copy(f, "kibana.alert.rule.exceptions_list", d, "exceptions_list");
        Copy(f, "kibana.alert.rule.false_positives", d, "false_positives");
        Copy(f, "kibana.alert.rule.from", d, "from");
        Copy(f, "kibana.alert.rule.immutable", d, "immutable");
        Copy(f, "kibana.alert.rule.interval", d, "interval");
        var indices = new JsonArray();
        foreach (var pattern in _rule.Index)
        {
            indices.Add(pattern);
        }
        f.Set("kibana.alert.rule.indices", indices);
        Copy(f, "kibana.alert.rule.license", d, "license");
        Copy(f, "kibana.alert.rule.max_signals", d, "max_signals");
        Copy(f, "kibana.alert.rule.name", d, "name");
        Copy(f, "kibana.alert.rule.namespace", d, "namespace");
        Copy(f, "kibana.alert.rule.note", d, "note");
        Copy(f, "kibana.alert.rule.references", d, "references");
        f.Set("kibana.alert.rule.risk_score_mapping", d["risk_score_mapping"]?.DeepClone() ?? new JsonArray());
        Copy(f, "kibana.alert.rule.rule_id", d, "rule_id");
        Copy(f, "kibana.alert.rule.rule_name_override", d, "rule_name_override");
        Copy(f, "kibana.alert.rule.severity_mapping", d, "severity_mapping");
        Copy(f, "kibana.alert.rule.tags", d, "tags");
        Copy(f, "kibana.alert.rule.threat", d, "threat");
        Copy(f, "kibana.alert.rule.throttle", d, "throttle");
        Copy(f, "kibana.alert.rule.timeline_id", d, "timeline_id");
        Copy(f, "kibana.alert.rule.timeline_title", d, "timeline_title");
        Copy(f, "kibana.alert.rule.timestamp_override", d, "timestamp_override");
        Copy(f, "kibana.alert.rule.to", d, "to");
        Copy(f, "kibana.alert.rule.type", d, "type");
        f.Set("kibana.alert.rule.updated_at", Str(d, "updated_at") ?? AlertTime.ToIso(_context.StartedAt));
        f.Set("kibana.alert.rule.updated_by", Str(d, "updated_by") ?? "");
        f.Set("kibana.alert.rule.uuid", _rule.Uuid);
        Copy(f, "kibana.alert.rule.version", d, "version");
        SetOrUndefined(f, "kibana.alert.url", AlertUrl(alertUuid));
        f.Set("kibana.alert.uuid", alertUuid);
        f.Set("kibana.alert.workflow_tags", new JsonArray());
        f.Set("kibana.alert.workflow_assignee_ids", new JsonArray());
        if (d["meta"] is JsonObject meta)
        {
            FlattenInto(f, "kibana.alert.rule.meta", meta);
        }
        Copy(f, "kibana.alert.rule.risk_score", d, "risk_score");
        Copy(f, "kibana.alert.rule.severity", d, "severity");
        Copy(f, "kibana.alert.rule.building_block_type", d, "building_block_type");
        f.Set("kibana.alert.intended_timestamp", _context.IntendedTimestamp is { } it ? AlertTime.ToIso(it) : _timestamp);
        f.Set("kibana.alert.rule.execution.type", _context.IntendedTimestamp is null ? "scheduled" : "manual");
        return f;
    }

    private static void FlattenInto(AlertSource f, string prefix, JsonNode? value)
    {
        if (value is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                FlattenInto(f, prefix + "." + key, child);
            }
        }
        else
        {
            f.Set(prefix, value?.DeepClone());
        }
    }

    private static void Copy(AlertSource f, string key, JsonObject definition, string property)
    {
        if (definition.TryGetPropertyValue(property, out var value) && value is not null)
        {
            f.Set(key, value.DeepClone());
        }
        else
        {
            f.SetUndefined(key);
        }
    }

    private static JsonArray AncestorsJson(IReadOnlyList<AlertAncestor> ancestors)
    {
        var array = new JsonArray();
        foreach (var a in ancestors)
        {
            var obj = new JsonObject
            {
                ["id"] = a.Id,
                ["type"] = a.Type,
                ["index"] = a.Index,
                ["depth"] = a.Depth,
            };
            if (a.Rule is not null)
            {
                obj["rule"] = a.Rule;
            }
            array.Add(obj);
        }
        return array;
    }

    // The persistence wrapper's augmentAlerts: its fields come first, then the alert's own (which win).
    private AlertSource Augment(AlertSource alert)
    {
        var d = _rule.Definition;
        var result = new AlertSource();
        result.Set("kibana.alert.rule.execution.timestamp", _timestamp);
        result.Set("kibana.alert.start", _timestamp);
        result.Set("kibana.alert.last_detected", _timestamp);
        result.Set("kibana.version", _context.KibanaVersion);
        result.Set("kibana.alert.rule.parameters", RuleParameters.Build(d));
        result.Set("kibana.alert.rule.category", RuleTypes.RuleTypeNames.Category(_rule.Type));
        result.Set("kibana.alert.rule.consumer", "siem");
        result.Set("kibana.alert.rule.execution.uuid", _context.ExecutionUuid);
        result.Set("kibana.alert.rule.name", _rule.Name);
        result.Set("kibana.alert.rule.producer", "siem");
        result.Set("kibana.alert.rule.revision", _context.RuleRevision);
        result.Set("kibana.alert.rule.rule_type_id", RuleTypes.RuleTypeNames.TypeId(_rule.Type));
        result.Set("kibana.alert.rule.uuid", _rule.Uuid);
        result.Set("kibana.space_ids", new JsonArray(_context.SpaceId));
        result.Set("kibana.alert.rule.tags", d["tags"]?.DeepClone() ?? new JsonArray());
        result.Set("@timestamp", AlertTime.ToIso(_context.StartedAt));
        foreach (var (key, value, defined) in alert.Entries())
        {
            if (defined) result.Set(key, value?.DeepClone());
            else result.SetUndefined(key);
        }
        return result;
    }
}
