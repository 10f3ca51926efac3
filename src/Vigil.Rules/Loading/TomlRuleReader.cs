using System.Text.Json.Nodes;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Serialization;
using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>
/// Reads one elastic/detection-rules TOML file (<c>[metadata]</c>, <c>[rule]</c>, <c>[[rule.threat]]</c>,
/// <c>[transform]</c>) into a <see cref="Rule"/>. Syntax errors and wrongly typed keys become problems naming the
/// file, the key and its line; reading never throws on bad input.
/// </summary>
public static class TomlRuleReader
{
    private static readonly HashSet<string> TopKeys = ["metadata", "rule", "transform"];

    private static readonly HashSet<string> MetadataKeys =
    [
        "creation_date", "updated_date", "maturity", "integration", "min_stack_version", "min_stack_comments",
        "deprecation_date", "deprecated_reason", "bypass_bbr_timing", "promotion",
    ];

    /// <summary>Every <c>[rule]</c> key the loader models.</summary>
    public static IReadOnlySet<string> RuleKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "author", "description", "from", "to", "interval", "index", "data_view_id", "language", "license",
        "max_signals", "name", "note", "setup", "references", "risk_score", "risk_score_mapping", "severity",
        "severity_mapping", "rule_id", "tags", "timestamp_override", "timestamp_override_fallback_disabled", "type",
        "query", "building_block_type", "investigation_fields", "alert_suppression", "filters",
        "event_category_override", "tiebreaker_field", "timestamp_field", "exceptions_list", "false_positives",
        "rule_name_override", "timeline_id", "timeline_title", "new_terms", "threshold", "threat", "threat_index",
        "threat_query", "threat_language", "threat_indicator_path", "threat_mapping", "threat_filters",
        "anomaly_threshold", "machine_learning_job_id", "version", "enabled", "related_integrations",
        "required_fields", "locales", "id", "immutable",
    };

    /// <summary>Reads a file from disk (unreadable files become a problem).</summary>
    public static RuleLoadResult ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var source = new RuleSource(path, RuleSourceFormat.Toml, 0);
            return new RuleLoadResult(null, [new RuleProblem(RuleProblemSeverity.Error, path, 0, 0, null, "cannot read the file: " + e.Message)], source);
        }
        return Read(text, path);
    }

    /// <summary>Reads TOML text; <paramref name="path"/> is used in messages.</summary>
    public static RuleLoadResult Read(string text, string path)
    {
        try
        {
            return ReadChecked(text, path);
        }
        catch (TomlException e) when (e.Message.Contains("maximum depth", StringComparison.Ordinal))
        {
            // Tomlyn stops at 64 levels of nested arrays or inline tables, and throws from its parser rather than
            // reporting it; no rule nests that deep, so the file is an error of its own.
            return new RuleLoadResult(null,
                [new RuleProblem(RuleProblemSeverity.Error, path, e.Line ?? 1, e.Column ?? 0, null, "TOML: arrays or inline tables nested more than 64 levels deep")],
                new RuleSource(path, RuleSourceFormat.Toml, 1));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // Tomlyn's parser throws, rather than reports, on a few inputs (an escape that names a surrogate, found by
            // fuzzing): the file is an error of its own, never the end of the load.
            var why = e is ArgumentOutOfRangeException { ParamName: "utf32" }
                ? "an escape sequence (\\uXXXX or \\UXXXXXXXX) names no Unicode character (a surrogate, or above U+10FFFF)"
                : "the file cannot be read as TOML";
            return new RuleLoadResult(null, [new RuleProblem(RuleProblemSeverity.Error, path, 1, 0, null, "TOML: " + why)],
                new RuleSource(path, RuleSourceFormat.Toml, 1));
        }
    }

    private static RuleLoadResult ReadChecked(string text, string path)
    {
        var problems = new List<RuleProblem>();
        var syntax = SyntaxParser.Parse(text, path, true);
        if (syntax.HasErrors)
        {
            // One bad token often cascades into many messages; the earliest one is the cause.
            var errors = syntax.Diagnostics
                .Where(d => d.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error)
                .OrderBy(d => d.Span.Start.Line).ThenBy(d => d.Span.Start.Column)
                .ToList();
            if (errors.Count > 0)
            {
                var first = errors[0];
                var more = errors.Count > 1 ? $" ({errors.Count - 1} more TOML errors follow from it)" : "";
                problems.Add(new RuleProblem(RuleProblemSeverity.Error, path, first.Span.Start.Line + 1, first.Span.Start.Column + 1,
                    null, "TOML syntax: " + first.Message + more));
                return new RuleLoadResult(null, problems, new RuleSource(path, RuleSourceFormat.Toml, 1));
            }
        }

        var store = new TomlMetadataStore();
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { MetadataStore = store, SourceName = path })
                ?? new TomlTable();
        }
        catch (TomlException e)
        {
            problems.Add(new RuleProblem(RuleProblemSeverity.Error, path, e.Line ?? 0, e.Column ?? 0, null, "TOML: " + e.Message));
            return new RuleLoadResult(null, problems, new RuleSource(path, RuleSourceFormat.Toml, 1));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            problems.Add(new RuleProblem(RuleProblemSeverity.Error, path, 1, 0, null, "TOML: " + e.Message));
            return new RuleLoadResult(null, problems, new RuleSource(path, RuleSourceFormat.Toml, 1));
        }

        var reader = new TomlValueReader(store, path, problems);
        reader.IndexLines(document, "");
        reader.UnknownKeys(document, "(top level)", TopKeys);
        MarkValueStart(reader, text, "rule.query");

        var ruleTable = reader.Table(document, "rule", "(top level)");
        var source = new RuleSource(path, RuleSourceFormat.Toml, 1, reader.KeyLines);
        if (ruleTable is null)
        {
            problems.Add(new RuleProblem(RuleProblemSeverity.Error, path, 1, 0, "rule", "the file has no [rule] table"));
            return new RuleLoadResult(null, problems, source);
        }

        var metadataTable = reader.Table(document, "metadata", "(top level)");
        var metadata = metadataTable is null ? new RuleMetadata() : ReadMetadata(reader, metadataTable);
        var transforms = reader.Table(document, "transform", "(top level)") is { } transformTable
            ? ReadTransforms(reader, transformTable)
            : RuleTransforms.Empty;

        var rule = ReadRule(reader, ruleTable, source) with { Metadata = metadata, Transforms = transforms, Source = source };
        return new RuleLoadResult(rule, problems, source);
    }

    // Query diagnostics are positioned inside the query text; record where that text starts in the file.
    private static void MarkValueStart(TomlValueReader reader, string text, string key)
    {
        if (!reader.KeyLines.TryGetValue(key, out var keyLine))
        {
            return;
        }
        var lines = text.Split('\n');
        if (keyLine - 1 >= lines.Length)
        {
            return;
        }
        var line = lines[keyLine - 1].TrimEnd('\r');
        var eq = line.IndexOf('=');
        if (eq < 0)
        {
            return;
        }
        var rest = line[(eq + 1)..];
        var valueColumn = eq + 1 + (rest.Length - rest.TrimStart().Length);
        rest = rest.Trim();
        foreach (var delimiter in new[] { "'''", "\"\"\"" })
        {
            if (rest.StartsWith(delimiter, StringComparison.Ordinal))
            {
                if (rest.Length == delimiter.Length)
                {
                    reader.SetLine(key + "#value", keyLine + 1);
                    reader.SetLine(key + "#column", 0);
                }
                else
                {
                    reader.SetLine(key + "#value", keyLine);
                    reader.SetLine(key + "#column", valueColumn + delimiter.Length);
                }
                return;
            }
        }
        reader.SetLine(key + "#value", keyLine);
        reader.SetLine(key + "#column", valueColumn + 1);
    }

    internal static RuleMetadata ReadMetadata(TomlValueReader r, TomlTable t)
    {
        const string P = "metadata";
        var extra = new JsonObject();
        foreach (var (key, value) in t)
        {
            if (!MetadataKeys.Contains(key))
            {
                extra[key] = TomlValueReader.ToJson(value);
            }
        }
        return new RuleMetadata
        {
            CreationDate = r.String(t, "creation_date", P),
            UpdatedDate = r.String(t, "updated_date", P),
            Maturity = r.String(t, "maturity", P),
            Integration = r.StringList(t, "integration", P, allowSingle: true) ?? ValueList<string>.Empty,
            MinStackVersion = r.String(t, "min_stack_version", P),
            MinStackComments = r.String(t, "min_stack_comments", P),
            DeprecationDate = r.String(t, "deprecation_date", P),
            DeprecatedReason = r.String(t, "deprecated_reason", P),
            BypassBbrTiming = r.Boolean(t, "bypass_bbr_timing", P),
            Promotion = r.Boolean(t, "promotion", P),
            Extra = extra.Count == 0 ? null : RawJson.FromNode(extra),
        };
    }

    internal static RuleTransforms ReadTransforms(TomlValueReader r, TomlTable t)
    {
        r.UnknownKeys(t, "transform", new HashSet<string> { "osquery", "investigate" });
        var osquery = new List<OsqueryTransform>();
        var entries = r.Tables(t, "osquery", "transform") ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var p = $"transform.osquery[{i}]";
            var extra = ExtraKeys(e, "label", "query", "ecs_mapping");
            osquery.Add(new OsqueryTransform(
                r.String(e, "label", p),
                r.String(e, "query", p, required: true) ?? "",
                e.TryGetValue("ecs_mapping", out var mapping) ? RawJson.FromNode(TomlValueReader.ToJson(mapping)) : null)
            {
                Extra = extra,
            });
        }
        var investigate = new List<InvestigateTransform>();
        entries = r.Tables(t, "investigate", "transform") ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var p = $"transform.investigate[{i}]";
            var extra = ExtraKeys(e, "label", "description", "providers", "relativeFrom", "relativeTo");
            JsonNode? providers = null;
            if (e.TryGetValue("providers", out var providerValue))
            {
                providers = TomlValueReader.ToJson(providerValue);
            }
            else
            {
                r.Missing(p, "providers");
            }
            investigate.Add(new InvestigateTransform(
                r.String(e, "label", p, required: true) ?? "",
                r.String(e, "description", p),
                RawJson.FromNode(providers ?? new JsonArray()),
                r.String(e, "relativeFrom", p),
                r.String(e, "relativeTo", p))
            {
                Extra = extra,
            });
        }
        return new RuleTransforms(new ValueList<OsqueryTransform>(osquery), new ValueList<InvestigateTransform>(investigate));
    }

    private static RawJson? ExtraKeys(TomlTable t, params string[] known)
    {
        JsonObject? extra = null;
        foreach (var (key, value) in t)
        {
            if (Array.IndexOf(known, key) < 0)
            {
                extra ??= new JsonObject();
                extra[key] = TomlValueReader.ToJson(value);
            }
        }
        return extra is null ? null : RawJson.FromNode(extra);
    }

    internal static Rule ReadRule(TomlValueReader r, TomlTable t, RuleSource source, bool warnUnknownKeys = true)
    {
        const string P = "rule";
        var extra = new JsonObject();
        foreach (var (key, value) in t)
        {
            if (!RuleKeys.Contains(key))
            {
                if (warnUnknownKeys)
                {
                    r.Warning(P + "." + key, $"unknown key `{key}` in [rule] (kept, not checked)");
                }
                extra[key] = TomlValueReader.ToJson(value);
            }
        }

        return new Rule
        {
            RuleId = r.String(t, "rule_id", P, required: true) ?? "",
            Name = r.String(t, "name", P, required: true) ?? "",
            Description = r.String(t, "description", P, required: true) ?? "",
            Type = r.String(t, "type", P, required: true) ?? "",
            Language = r.String(t, "language", P),
            Query = r.String(t, "query", P),
            Index = r.StringList(t, "index", P),
            DataViewId = r.String(t, "data_view_id", P),
            Author = r.StringList(t, "author", P) ?? ValueList<string>.Empty,
            License = r.String(t, "license", P),
            Severity = r.String(t, "severity", P, required: true) ?? "",
            RiskScore = r.Int32(t, "risk_score", P, required: true) ?? 0,
            SeverityMapping = List(r.Tables(t, "severity_mapping", P), (e, i) =>
            {
                var p = $"rule.severity_mapping[{i}]";
                return new SeverityMapping(
                    r.String(e, "field", p, true) ?? "", r.String(e, "operator", p, true) ?? "",
                    ScalarText(r, e, "value", p), r.String(e, "severity", p, true) ?? "");
            }),
            RiskScoreMapping = List(r.Tables(t, "risk_score_mapping", P), (e, i) =>
            {
                var p = $"rule.risk_score_mapping[{i}]";
                return new RiskScoreMapping(
                    r.String(e, "field", p, true) ?? "", r.String(e, "operator", p, true) ?? "",
                    ScalarText(r, e, "value", p), r.Int32(e, "risk_score", p));
            }),
            From = r.String(t, "from", P) ?? RuleDefaults.From,
            To = r.String(t, "to", P) ?? RuleDefaults.To,
            Interval = r.String(t, "interval", P) ?? RuleDefaults.Interval,
            MaxSignals = r.Int32(t, "max_signals", P) ?? RuleDefaults.MaxSignals,
            Version = r.Int32(t, "version", P) ?? RuleDefaults.Version,
            Enabled = r.Boolean(t, "enabled", P) ?? RuleDefaults.Enabled,
            Tags = r.StringList(t, "tags", P) ?? ValueList<string>.Empty,
            References = r.StringList(t, "references", P) ?? ValueList<string>.Empty,
            FalsePositives = r.StringList(t, "false_positives", P) ?? ValueList<string>.Empty,
            Note = r.String(t, "note", P),
            LocalizedNotes = ReadLocales(r, t),
            Setup = r.String(t, "setup", P),
            Threat = List(r.Tables(t, "threat", P), (e, i) => ReadThreat(r, e, $"rule.threat[{i}]")),
            BuildingBlockType = r.String(t, "building_block_type", P),
            TimestampOverride = r.String(t, "timestamp_override", P),
            TimestampOverrideFallbackDisabled = r.Boolean(t, "timestamp_override_fallback_disabled", P),
            EventCategoryOverride = r.String(t, "event_category_override", P),
            TiebreakerField = r.String(t, "tiebreaker_field", P),
            TimestampField = r.String(t, "timestamp_field", P),
            InvestigationFields = r.Table(t, "investigation_fields", P) is { } fields
                ? r.StringList(fields, "field_names", "rule.investigation_fields", required: true) ?? ValueList<string>.Empty
                : null,
            AlertSuppression = r.Table(t, "alert_suppression", P) is { } suppression ? ReadSuppression(r, suppression) : null,
            Filters = Raw(t, "filters"),
            ExceptionsList = List(r.Tables(t, "exceptions_list", P), (e, i) =>
            {
                var p = $"rule.exceptions_list[{i}]";
                return new ExceptionListReference(
                    r.String(e, "id", p, true) ?? "", r.String(e, "list_id", p, true) ?? "",
                    r.String(e, "namespace_type", p, true) ?? "", r.String(e, "type", p, true) ?? "");
            }),
            RuleNameOverride = r.String(t, "rule_name_override", P),
            TimelineId = r.String(t, "timeline_id", P),
            TimelineTitle = r.String(t, "timeline_title", P),
            NewTerms = r.Table(t, "new_terms", P) is { } newTerms ? ReadNewTerms(r, newTerms) : null,
            Threshold = r.Table(t, "threshold", P) is { } threshold ? ReadThreshold(r, threshold) : null,
            AnomalyThreshold = r.Int32(t, "anomaly_threshold", P),
            MachineLearningJobId = r.StringList(t, "machine_learning_job_id", P, allowSingle: true),
            ThreatIndex = r.StringList(t, "threat_index", P),
            ThreatQuery = r.String(t, "threat_query", P),
            ThreatLanguage = r.String(t, "threat_language", P),
            ThreatIndicatorPath = r.String(t, "threat_indicator_path", P),
            ThreatMapping = Raw(t, "threat_mapping"),
            ThreatFilters = Raw(t, "threat_filters"),
            RelatedIntegrations = List(r.Tables(t, "related_integrations", P), (e, i) =>
            {
                var p = $"rule.related_integrations[{i}]";
                return new RelatedIntegration(r.String(e, "package", p, true) ?? "", r.String(e, "version", p, true) ?? "",
                    r.String(e, "integration", p));
            }),
            RequiredFields = List(r.Tables(t, "required_fields", P), (e, i) =>
            {
                var p = $"rule.required_fields[{i}]";
                return new RequiredField(r.String(e, "name", p, true) ?? "", r.String(e, "type", p, true) ?? "",
                    r.Boolean(e, "ecs", p) ?? false);
            }),
            Id = r.String(t, "id", P),
            Immutable = r.Boolean(t, "immutable", P),
            Extra = extra.Count == 0 ? null : RawJson.FromNode(extra),
            Source = source,
        };
    }

    private static IReadOnlyDictionary<string, string> ReadLocales(TomlValueReader r, TomlTable t)
    {
        var notes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (r.Table(t, "locales", "rule") is not { } locales)
        {
            return notes;
        }
        foreach (var (tag, value) in locales)
        {
            var p = $"rule.locales.{tag}";
            if (value is not TomlTable locale)
            {
                r.Error(p, $"must be a table such as [rule.locales.\"{tag}\"] with a `note` key");
                continue;
            }
            r.UnknownKeys(locale, p, new HashSet<string> { "note" });
            if (r.String(locale, "note", p, required: true) is { } note)
            {
                notes[tag] = note;
            }
        }
        return notes;
    }

    private static ThreatEntry ReadThreat(TomlValueReader r, TomlTable e, string p)
    {
        r.UnknownKeys(e, p, new HashSet<string> { "framework", "tactic", "technique" });
        var tactic = r.Table(e, "tactic", p, required: true);
        var techniques = List(r.Tables(e, "technique", p), (te, i) =>
        {
            var tp = $"{p}.technique[{i}]";
            r.UnknownKeys(te, tp, new HashSet<string> { "id", "name", "reference", "subtechnique" });
            var subs = List(r.Tables(te, "subtechnique", tp), (se, j) =>
            {
                var sp = $"{tp}.subtechnique[{j}]";
                r.UnknownKeys(se, sp, new HashSet<string> { "id", "name", "reference" });
                return new ThreatSubtechnique(r.String(se, "id", sp, true) ?? "", r.String(se, "name", sp, true) ?? "",
                    r.String(se, "reference", sp, true) ?? "");
            });
            return new ThreatTechnique(r.String(te, "id", tp, true) ?? "", r.String(te, "name", tp, true) ?? "",
                r.String(te, "reference", tp, true) ?? "", subs);
        });
        var tacticPath = p + ".tactic";
        if (tactic is not null)
        {
            r.UnknownKeys(tactic, tacticPath, new HashSet<string> { "id", "name", "reference" });
        }
        return new ThreatEntry(
            r.String(e, "framework", p, required: true) ?? "",
            tactic is null
                ? new ThreatTactic("", "", "")
                : new ThreatTactic(r.String(tactic, "id", tacticPath, true) ?? "", r.String(tactic, "name", tacticPath, true) ?? "",
                    r.String(tactic, "reference", tacticPath, true) ?? ""),
            techniques);
    }

    private static AlertSuppression ReadSuppression(TomlValueReader r, TomlTable t)
    {
        const string P = "rule.alert_suppression";
        r.UnknownKeys(t, P, new HashSet<string> { "group_by", "duration", "missing_fields_strategy" });
        SuppressionDuration? duration = null;
        if (r.Table(t, "duration", P) is { } d)
        {
            duration = new SuppressionDuration(r.Integer(d, "value", P + ".duration", true) ?? 0, r.String(d, "unit", P + ".duration", true) ?? "");
        }
        return new AlertSuppression(r.StringList(t, "group_by", P, required: false) ?? ValueList<string>.Empty, duration,
            r.String(t, "missing_fields_strategy", P));
    }

    private static NewTermsSettings ReadNewTerms(TomlValueReader r, TomlTable t)
    {
        const string P = "rule.new_terms";
        r.UnknownKeys(t, P, new HashSet<string> { "field", "value", "history_window_start" });
        var field = r.String(t, "field", P, required: true);
        if (field is not null && field != "new_terms_fields")
        {
            r.Error(P + ".field", $"must be \"new_terms_fields\", found \"{field}\"");
        }
        var fields = r.StringList(t, "value", P, required: true) ?? ValueList<string>.Empty;
        var history = "";
        var windows = r.Tables(t, "history_window_start", P);
        if (windows is null || windows.Count == 0)
        {
            r.Missing(P, "history_window_start");
        }
        else
        {
            var w = windows[0];
            history = r.String(w, "value", P + ".history_window_start[0]", required: true) ?? "";
        }
        return new NewTermsSettings(fields, history);
    }

    private static ThresholdSettings ReadThreshold(TomlValueReader r, TomlTable t)
    {
        const string P = "rule.threshold";
        r.UnknownKeys(t, P, new HashSet<string> { "field", "value", "cardinality" });
        var fields = r.StringList(t, "field", P, allowSingle: true) ?? ValueList<string>.Empty;
        var value = r.Integer(t, "value", P, required: true) ?? 0;
        var cardinality = List(r.Tables(t, "cardinality", P), (e, i) =>
            new ThresholdCardinality(r.String(e, "field", $"{P}.cardinality[{i}]", true) ?? "",
                r.Integer(e, "value", $"{P}.cardinality[{i}]", true) ?? 0));
        return new ThresholdSettings(fields, value, cardinality);
    }

    private static string ScalarText(TomlValueReader r, TomlTable e, string key, string path)
    {
        if (!e.TryGetValue(key, out var value))
        {
            r.Missing(path, key);
            return "";
        }
        return value switch
        {
            string s => s,
            long or double or bool => TomlValueReader.ToJson(value)!.ToJsonString(),
            _ => TomlValueReader.ToJson(value)?.ToJsonString() ?? "",
        };
    }

    private static RawJson? Raw(TomlTable t, string key) =>
        t.TryGetValue(key, out var value) ? RawJson.FromNode(TomlValueReader.ToJson(value)) : null;

    private static ValueList<T> List<T>(IReadOnlyList<TomlTable>? tables, Func<TomlTable, int, T> read)
    {
        if (tables is null || tables.Count == 0)
        {
            return ValueList<T>.Empty;
        }
        var items = new List<T>(tables.Count);
        for (var i = 0; i < tables.Count; i++)
        {
            items.Add(read(tables[i], i));
        }
        return new ValueList<T>(items);
    }
}
