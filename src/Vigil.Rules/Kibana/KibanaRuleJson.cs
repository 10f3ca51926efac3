using System.Text.Json.Nodes;
using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>
/// Maps a <see cref="Rule"/> to and from the JSON object Kibana's rule export writes (snake_case keys, defaults
/// filled in, note rendered). What Kibana has no key for — <c>[metadata]</c>, the note template with its
/// <c>[transform]</c> entries, localised notes — travels in <c>meta.vigil</c>, a free-form object Kibana keeps, so a
/// rule survives TOML → export → model unchanged.
/// </summary>
public static class KibanaRuleJson
{
    /// <summary>The <c>meta</c> member that carries what Kibana has no key for.</summary>
    public const string VigilMetaKey = "vigil";

    /// <summary>The Kibana rule object for <paramref name="rule"/>.</summary>
    public static JsonObject ToJson(Rule rule)
    {
        var extra = rule.Extra?.ToNode() as JsonObject ?? new JsonObject();
        var o = new JsonObject();
        if (rule.Id is not null)
        {
            o["id"] = rule.Id;
        }
        o["rule_id"] = rule.RuleId;
        o["name"] = rule.Name;
        o["description"] = rule.Description;
        o["type"] = rule.Type;
        if (rule.Language is not null)
        {
            o["language"] = rule.Language;
        }
        if (rule.Query is not null)
        {
            o["query"] = rule.Query;
        }
        if (rule.Index is { } index)
        {
            o["index"] = Strings(index);
        }
        if (rule.DataViewId is not null)
        {
            o["data_view_id"] = rule.DataViewId;
        }
        o["author"] = Strings(rule.Author);
        if (rule.License is not null)
        {
            o["license"] = rule.License;
        }
        o["severity"] = rule.Severity;
        o["severity_mapping"] = new JsonArray(rule.SeverityMapping.Select(m => (JsonNode?)new JsonObject
        {
            ["field"] = m.Field,
            ["operator"] = m.Operator,
            ["value"] = m.Value,
            ["severity"] = m.Severity,
        }).ToArray());
        o["risk_score"] = rule.RiskScore;
        o["risk_score_mapping"] = new JsonArray(rule.RiskScoreMapping.Select(m =>
        {
            var entry = new JsonObject { ["field"] = m.Field, ["operator"] = m.Operator, ["value"] = m.Value };
            if (m.RiskScore is { } score)
            {
                entry["risk_score"] = score;
            }
            return (JsonNode?)entry;
        }).ToArray());
        o["from"] = rule.From;
        o["to"] = rule.To;
        o["interval"] = rule.Interval;
        o["max_signals"] = rule.MaxSignals;
        o["version"] = rule.Version;
        o["enabled"] = rule.Enabled;
        o["tags"] = Strings(rule.Tags);
        o["references"] = Strings(rule.References);
        o["false_positives"] = Strings(rule.FalsePositives);
        o["threat"] = new JsonArray(rule.Threat.Select(t => (JsonNode?)ThreatToJson(t)).ToArray());
        if (rule.Note is not null)
        {
            o["note"] = rule.RenderedNote;
        }
        if (rule.Setup is not null)
        {
            o["setup"] = rule.Setup;
        }
        if (rule.BuildingBlockType is not null)
        {
            o["building_block_type"] = rule.BuildingBlockType;
        }
        if (rule.TimestampOverride is not null)
        {
            o["timestamp_override"] = rule.TimestampOverride;
        }
        if (rule.TimestampOverrideFallbackDisabled is { } fallbackDisabled)
        {
            o["timestamp_override_fallback_disabled"] = fallbackDisabled;
        }
        if (rule.EventCategoryOverride is not null)
        {
            o["event_category_override"] = rule.EventCategoryOverride;
        }
        if (rule.TiebreakerField is not null)
        {
            o["tiebreaker_field"] = rule.TiebreakerField;
        }
        if (rule.TimestampField is not null)
        {
            o["timestamp_field"] = rule.TimestampField;
        }
        if (rule.InvestigationFields is { } fields)
        {
            o["investigation_fields"] = new JsonObject { ["field_names"] = Strings(fields) };
        }
        if (rule.AlertSuppression is { } suppression)
        {
            var s = new JsonObject { ["group_by"] = Strings(suppression.GroupBy) };
            if (suppression.Duration is { } duration)
            {
                s["duration"] = new JsonObject { ["value"] = duration.Value, ["unit"] = duration.Unit };
            }
            if (suppression.MissingFieldsStrategy is not null)
            {
                s["missing_fields_strategy"] = suppression.MissingFieldsStrategy;
            }
            o["alert_suppression"] = s;
        }
        if (rule.Filters is not null)
        {
            o["filters"] = rule.Filters.ToNode();
        }
        o["exceptions_list"] = new JsonArray(rule.ExceptionsList.Select(e => (JsonNode?)new JsonObject
        {
            ["id"] = e.Id,
            ["list_id"] = e.ListId,
            ["namespace_type"] = e.NamespaceType,
            ["type"] = e.Type,
        }).ToArray());
        if (rule.RuleNameOverride is not null)
        {
            o["rule_name_override"] = rule.RuleNameOverride;
        }
        if (rule.TimelineId is not null)
        {
            o["timeline_id"] = rule.TimelineId;
        }
        if (rule.TimelineTitle is not null)
        {
            o["timeline_title"] = rule.TimelineTitle;
        }
        if (rule.NewTerms is { } newTerms)
        {
            o["new_terms_fields"] = Strings(newTerms.Fields);
            o["history_window_start"] = newTerms.HistoryWindowStart;
        }
        if (rule.Threshold is { } threshold)
        {
            o["threshold"] = new JsonObject
            {
                ["field"] = Strings(threshold.Field),
                ["value"] = threshold.Value,
                ["cardinality"] = new JsonArray(threshold.Cardinality.Select(c =>
                    (JsonNode?)new JsonObject { ["field"] = c.Field, ["value"] = c.Value }).ToArray()),
            };
        }
        if (rule.AnomalyThreshold is { } anomaly)
        {
            o["anomaly_threshold"] = anomaly;
        }
        if (rule.MachineLearningJobId is { } jobs)
        {
            o["machine_learning_job_id"] = Strings(jobs);
        }
        if (rule.ThreatIndex is { } threatIndex)
        {
            o["threat_index"] = Strings(threatIndex);
        }
        if (rule.ThreatQuery is not null)
        {
            o["threat_query"] = rule.ThreatQuery;
        }
        if (rule.ThreatLanguage is not null)
        {
            o["threat_language"] = rule.ThreatLanguage;
        }
        if (rule.ThreatIndicatorPath is not null)
        {
            o["threat_indicator_path"] = rule.ThreatIndicatorPath;
        }
        if (rule.ThreatMapping is not null)
        {
            o["threat_mapping"] = rule.ThreatMapping.ToNode();
        }
        if (rule.ThreatFilters is not null)
        {
            o["threat_filters"] = rule.ThreatFilters.ToNode();
        }
        o["related_integrations"] = new JsonArray(rule.RelatedIntegrations.Select(r =>
        {
            var entry = new JsonObject { ["package"] = r.Package, ["version"] = r.Version };
            if (r.Integration is not null)
            {
                entry["integration"] = r.Integration;
            }
            return (JsonNode?)entry;
        }).ToArray());
        o["required_fields"] = new JsonArray(rule.RequiredFields.Select(f => (JsonNode?)new JsonObject
        {
            ["name"] = f.Name,
            ["type"] = f.Type,
            ["ecs"] = f.Ecs,
        }).ToArray());
        if (rule.Immutable is { } immutable)
        {
            o["immutable"] = immutable;
        }

        var meta = extra["meta"] as JsonObject ?? new JsonObject();
        extra.Remove("meta");
        var vigil = VigilMeta(rule);
        if (vigil.Count > 0)
        {
            meta[VigilMetaKey] = vigil;
        }
        else
        {
            meta.Remove(VigilMetaKey);
        }
        if (meta.Count > 0)
        {
            o["meta"] = meta;
        }
        foreach (var (key, value) in extra.ToList())
        {
            if (!o.ContainsKey(key))
            {
                extra.Remove(key);
                o[key] = value;
            }
        }
        return o;
    }

    private static JsonObject VigilMeta(Rule rule)
    {
        var vigil = new JsonObject();
        var metadata = MetadataToJson(rule.Metadata);
        if (metadata.Count > 0)
        {
            vigil["metadata"] = metadata;
        }
        if (!rule.Transforms.IsEmpty)
        {
            vigil["note_template"] = rule.Note;
            var transform = new JsonObject();
            if (rule.Transforms.Osquery.Count > 0)
            {
                transform["osquery"] = new JsonArray(rule.Transforms.Osquery.Select(e => (JsonNode?)NoteRenderer.ToJson(e)).ToArray());
            }
            if (rule.Transforms.Investigate.Count > 0)
            {
                transform["investigate"] = new JsonArray(rule.Transforms.Investigate.Select(e => (JsonNode?)NoteRenderer.ToJson(e)).ToArray());
            }
            vigil["transform"] = transform;
        }
        if (rule.LocalizedNotes.Count > 0)
        {
            var locales = new JsonObject();
            foreach (var (tag, note) in rule.LocalizedNotes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                locales[tag] = new JsonObject { ["note"] = note };
            }
            vigil["locales"] = locales;
        }
        return vigil;
    }

    private static JsonObject MetadataToJson(RuleMetadata m)
    {
        var o = m.Extra?.ToNode() as JsonObject ?? new JsonObject();
        void Set(string key, JsonNode? value)
        {
            if (value is not null)
            {
                o[key] = value;
            }
        }
        Set("creation_date", m.CreationDate);
        Set("updated_date", m.UpdatedDate);
        Set("maturity", m.Maturity);
        if (m.Integration.Count > 0)
        {
            o["integration"] = Strings(m.Integration);
        }
        Set("min_stack_version", m.MinStackVersion);
        Set("min_stack_comments", m.MinStackComments);
        Set("deprecation_date", m.DeprecationDate);
        Set("deprecated_reason", m.DeprecatedReason);
        Set("bypass_bbr_timing", m.BypassBbrTiming is { } b ? JsonValue.Create(b) : null);
        Set("promotion", m.Promotion is { } p ? JsonValue.Create(p) : null);
        return o;
    }

    private static JsonObject ThreatToJson(ThreatEntry t)
    {
        var o = new JsonObject
        {
            ["framework"] = t.Framework,
            ["tactic"] = new JsonObject { ["id"] = t.Tactic.Id, ["name"] = t.Tactic.Name, ["reference"] = t.Tactic.Reference },
        };
        if (t.Techniques.Count > 0)
        {
            o["technique"] = new JsonArray(t.Techniques.Select(te =>
            {
                var technique = new JsonObject { ["id"] = te.Id, ["name"] = te.Name, ["reference"] = te.Reference };
                if (te.Subtechniques.Count > 0)
                {
                    technique["subtechnique"] = new JsonArray(te.Subtechniques.Select(s =>
                        (JsonNode?)new JsonObject { ["id"] = s.Id, ["name"] = s.Name, ["reference"] = s.Reference }).ToArray());
                }
                return (JsonNode?)technique;
            }).ToArray());
        }
        return o;
    }

    private static JsonArray Strings(ValueList<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
