using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vigil.Rules;

/// <summary>
/// Checks every field of a rule against what Kibana's detection engine accepts: required keys per rule type,
/// enumerations, ranges, date math, intervals, index patterns, the ATT&amp;CK mapping, the transforms a note uses,
/// and — for EQL — the query itself, parsed and bound against the schema of the rule's index patterns. Queries in
/// other languages are reported as skipped. Problems name the file, the key and its line.
/// </summary>
public sealed partial class RuleValidator
{
    private static readonly HashSet<string> Types =
        ["eql", "query", "saved_query", "threshold", "threat_match", "machine_learning", "new_terms", "esql"];

    private static readonly HashSet<string> Severities = ["low", "medium", "high", "critical"];

    private static readonly HashSet<string> Maturities = ["production", "development", "experimental", "deprecated"];

    private static readonly HashSet<string> ExceptionListTypes =
    [
        "detection", "rule_default", "endpoint", "endpoint_trusted_apps", "endpoint_trusted_devices", "endpoint_events",
        "endpoint_host_isolation_exceptions", "endpoint_blocklists",
    ];

    [GeneratedRegex(@"^TA\d{4}$")]
    private static partial Regex TacticId();

    [GeneratedRegex(@"^T\d{4}$")]
    private static partial Regex TechniqueId();

    [GeneratedRegex(@"^T\d{4}\.\d{3}$")]
    private static partial Regex SubtechniqueId();

    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2}$")]
    private static partial Regex MetadataDate();

    [GeneratedRegex(@"\$\{?(osquery|investigate)_(\d+)\}?")]
    private static partial Regex TransformPlaceholder();

    /// <summary>Validates one loaded rule: its reading problems plus everything checked here.</summary>
    public RuleValidation Validate(RuleLoadResult loaded)
    {
        var problems = new List<RuleProblem>(loaded.Problems);
        if (loaded.Rule is not { } rule)
        {
            return new RuleValidation(loaded.Source.Path, "", null, RuleValidationStatus.Failed, problems);
        }
        var queryChecked = Check(rule, problems);
        problems = problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList();
        var failed = problems.Any(p => p.IsError);
        var status = failed ? RuleValidationStatus.Failed
            : queryChecked ? RuleValidationStatus.Passed
            : RuleValidationStatus.Skipped;
        string? note = status == RuleValidationStatus.Skipped ? SkipReason(rule) : null;
        return new RuleValidation(rule.Source.Path, rule.Name, rule, status, problems, note);
    }

    /// <summary>Validates a rule built in code or already loaded.</summary>
    public RuleValidation Validate(Rule rule) => Validate(new RuleLoadResult(rule, [], rule.Source));

    private static string SkipReason(Rule rule)
    {
        var language = rule.Language ?? rule.Type;
        return $"skipped (language not executable yet: {language})";
    }

    /// <summary>Adds the rule's problems; true when its query was parsed and bound (EQL).</summary>
    private static bool Check(Rule rule, List<RuleProblem> problems)
    {
        var s = rule.Source;
        void Error(string key, string message) => problems.Add(RuleProblem.Error(s, key, message));
        void Warn(string key, string message) => problems.Add(RuleProblem.Warning(s, key, message));

        if (s.Format == RuleSourceFormat.Eql)
        {
            return CheckEql(rule, problems);
        }

        CheckMetadata(rule, Error, Warn);

        if (rule.RuleId.Length == 0 && Has(s, "rule.rule_id"))
        {
            Error("rule.rule_id", "must not be empty");
        }
        else if (rule.RuleId.Length > 0 && !Guid.TryParse(rule.RuleId, out _))
        {
            Warn("rule.rule_id", $"\"{rule.RuleId}\" is not a UUID; Elastic rule ids are UUIDs");
        }
        if (rule.Name.Trim().Length == 0 && Has(s, "rule.name"))
        {
            Error("rule.name", "must not be empty");
        }
        if (rule.Description.Trim().Length == 0 && Has(s, "rule.description"))
        {
            Error("rule.description", "must not be empty");
        }
        if (rule.Type.Length > 0 && !Types.Contains(rule.Type))
        {
            Error("rule.type", $"unknown rule type \"{rule.Type}\" (expected one of {string.Join(", ", Types)})");
        }
        if (rule.Severity.Length > 0 && !Severities.Contains(rule.Severity))
        {
            Error("rule.severity", $"unknown severity \"{rule.Severity}\" (expected low, medium, high or critical)");
        }
        if (Has(s, "rule.risk_score") && rule.RiskScore is < 0 or > 100)
        {
            Error("rule.risk_score", $"must be between 0 and 100, found {rule.RiskScore}");
        }
        if (rule.Version < 1)
        {
            Error("rule.version", $"must be 1 or more, found {rule.Version}");
        }
        if (rule.MaxSignals < 1)
        {
            Error("rule.max_signals", $"must be greater than 0, found {rule.MaxSignals}");
        }
        if (rule.Author.Count == 0 && s.Format == RuleSourceFormat.Toml)
        {
            Error("rule.author", "at least one author is required");
        }
        if (rule.License is null && s.Format == RuleSourceFormat.Toml)
        {
            Error("rule.license", "required key `license` is missing from [rule]");
        }

        CheckSchedule(rule, Error, Warn);
        CheckMappings(rule, Error);
        CheckThreat(rule, Error, Warn);
        CheckTransforms(rule, Error, Warn);
        CheckTypeSpecific(rule, Error, Warn);

        if (rule.BuildingBlockType is { } bb && bb != "default")
        {
            Error("rule.building_block_type", $"must be \"default\", found \"{bb}\"");
        }
        if (rule.TimestampOverride is { } ts && ts.Trim().Length == 0)
        {
            Error("rule.timestamp_override", "must name a field");
        }

        if (rule.Language == "kuery" && rule.Query is not null)
        {
            return CheckKql(rule, problems);
        }
        return rule.Type == "eql" && rule.Query is not null && CheckEql(rule, problems);
    }

    private static bool Has(RuleSource s, string key) => s.KeyLines.ContainsKey(key) || s.Format == RuleSourceFormat.None;

    private static void CheckMetadata(Rule rule, Action<string, string> error, Action<string, string> warn)
    {
        var m = rule.Metadata;
        if (m.IsDeprecated)
        {
            var when = m.DeprecationDate is null ? "" : $" on {m.DeprecationDate}";
            var why = m.DeprecatedReason is null ? "" : $": {m.DeprecatedReason}";
            error("metadata.maturity", $"the rule is deprecated{when} (maturity = \"deprecated\"){why}");
        }
        if (rule.Source.Format != RuleSourceFormat.Toml)
        {
            return;
        }
        if (!rule.Source.KeyLines.ContainsKey("metadata"))
        {
            error("metadata", "the file has no [metadata] table (it needs creation_date, updated_date and maturity)");
            return;
        }
        if (m.CreationDate is null)
        {
            error("metadata.creation_date", "required key `creation_date` is missing from [metadata]");
        }
        else if (!MetadataDate().IsMatch(m.CreationDate))
        {
            error("metadata.creation_date", $"must be a date written yyyy/mm/dd, found \"{m.CreationDate}\"");
        }
        if (m.UpdatedDate is null)
        {
            error("metadata.updated_date", "required key `updated_date` is missing from [metadata]");
        }
        else if (!MetadataDate().IsMatch(m.UpdatedDate))
        {
            error("metadata.updated_date", $"must be a date written yyyy/mm/dd, found \"{m.UpdatedDate}\"");
        }
        else if (m.CreationDate is not null && MetadataDate().IsMatch(m.CreationDate)
                 && string.CompareOrdinal(m.UpdatedDate, m.CreationDate) < 0)
        {
            warn("metadata.updated_date", $"{m.UpdatedDate} is before the creation date {m.CreationDate}");
        }
        if (m.Maturity is null)
        {
            error("metadata.maturity", "required key `maturity` is missing from [metadata]");
        }
        else if (!Maturities.Contains(m.Maturity))
        {
            error("metadata.maturity", $"unknown maturity \"{m.Maturity}\" (expected production, development, experimental or deprecated)");
        }
        if (m.DeprecationDate is not null && !m.IsDeprecated)
        {
            warn("metadata.deprecation_date", "set, but maturity is not \"deprecated\"");
        }
    }

    private static void CheckSchedule(Rule rule, Action<string, string> error, Action<string, string> warn)
    {
        var from = DateMath.Offset(rule.From);
        if (from is null)
        {
            error("rule.from", $"\"{rule.From}\" is not date math such as now-6m (now, then -N or +N with a unit y M w d h H m s)");
        }
        var to = DateMath.Offset(rule.To);
        if (to is null)
        {
            error("rule.to", $"\"{rule.To}\" is not date math such as now");
        }
        var interval = RuleInterval.Parse(rule.Interval);
        if (interval is null)
        {
            error("rule.interval", $"\"{rule.Interval}\" is not an interval such as 5m (a positive whole number and s, m, h or d)");
        }
        if (from is { } f && to is { } t)
        {
            if (f >= t)
            {
                error("rule.from", $"{rule.From} is not before {rule.To}: the rule would search an empty window");
            }
            else if (interval is { } i && t - f < i)
            {
                warn("rule.from", $"the window {rule.From}..{rule.To} is shorter than the interval {rule.Interval}; events between runs would never be searched");
            }
        }
    }

    private static void CheckMappings(Rule rule, Action<string, string> error)
    {
        for (var i = 0; i < rule.SeverityMapping.Count; i++)
        {
            var m = rule.SeverityMapping[i];
            var p = $"rule.severity_mapping[{i}]";
            if (m.Operator != "equals")
            {
                error(p + ".operator", $"must be \"equals\", found \"{m.Operator}\"");
            }
            if (!Severities.Contains(m.Severity))
            {
                error(p + ".severity", $"unknown severity \"{m.Severity}\" (expected low, medium, high or critical)");
            }
            if (m.Field.Length == 0)
            {
                error(p + ".field", "must name a field");
            }
        }
        for (var i = 0; i < rule.RiskScoreMapping.Count; i++)
        {
            var m = rule.RiskScoreMapping[i];
            var p = $"rule.risk_score_mapping[{i}]";
            if (m.Operator != "equals")
            {
                error(p + ".operator", $"must be \"equals\", found \"{m.Operator}\"");
            }
            if (m.RiskScore is < 0 or > 100)
            {
                error(p + ".risk_score", $"must be between 0 and 100, found {m.RiskScore}");
            }
            if (m.Field.Length == 0)
            {
                error(p + ".field", "must name a field");
            }
        }
        for (var i = 0; i < rule.ExceptionsList.Count; i++)
        {
            var e = rule.ExceptionsList[i];
            var p = $"rule.exceptions_list[{i}]";
            if (e.NamespaceType is not ("single" or "agnostic"))
            {
                error(p + ".namespace_type", $"must be \"single\" or \"agnostic\", found \"{e.NamespaceType}\"");
            }
            if (!ExceptionListTypes.Contains(e.Type))
            {
                error(p + ".type", $"unknown exception list type \"{e.Type}\"");
            }
        }
        if (rule.AlertSuppression is { } suppression)
        {
            const string P = "rule.alert_suppression";
            if (suppression.GroupBy.Count is 0 && rule.Type != "threshold")
            {
                error(P + ".group_by", "must name at least one field");
            }
            if (suppression.GroupBy.Count > 5)
            {
                error(P + ".group_by", $"at most 5 fields, found {suppression.GroupBy.Count}");
            }
            if (suppression.MissingFieldsStrategy is { } strategy && strategy is not ("suppress" or "doNotSuppress"))
            {
                error(P + ".missing_fields_strategy", $"must be \"suppress\" or \"doNotSuppress\", found \"{strategy}\"");
            }
            if (suppression.Duration is { } d)
            {
                if (d.Unit is not ("s" or "m" or "h"))
                {
                    error(P + ".duration.unit", $"must be s, m or h, found \"{d.Unit}\"");
                }
                if (d.Value < 1)
                {
                    error(P + ".duration.value", $"must be 1 or more, found {d.Value}");
                }
            }
        }
    }

    private static void CheckThreat(Rule rule, Action<string, string> error, Action<string, string> warn)
    {
        var techniqueNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < rule.Threat.Count; i++)
        {
            var t = rule.Threat[i];
            var p = $"rule.threat[{i}]";
            if (t.Framework != "MITRE ATT&CK")
            {
                error(p + ".framework", $"must be \"MITRE ATT&CK\", found \"{t.Framework}\"");
            }
            var tactic = t.Tactic;
            if (!TacticId().IsMatch(tactic.Id))
            {
                error(p + ".tactic.id", $"\"{tactic.Id}\" is not a tactic id (TA followed by four digits, e.g. TA0011)");
            }
            else if (!AttackTactics.ById.TryGetValue(tactic.Id, out var tacticName))
            {
                error(p + ".tactic.id", $"{tactic.Id} is not an ATT&CK Enterprise tactic");
            }
            else
            {
                if (!string.Equals(tactic.Name, tacticName, StringComparison.Ordinal))
                {
                    error(p + ".tactic.name", $"{tactic.Id} is \"{tacticName}\", not \"{tactic.Name}\"");
                }
                if (tactic.Reference != AttackTactics.Reference(tactic.Id))
                {
                    error(p + ".tactic.reference", $"for {tactic.Id} must be {AttackTactics.Reference(tactic.Id)}, found \"{tactic.Reference}\"");
                }
            }
            for (var j = 0; j < t.Techniques.Count; j++)
            {
                var te = t.Techniques[j];
                var tp = $"{p}.technique[{j}]";
                if (!TechniqueId().IsMatch(te.Id))
                {
                    var hint = SubtechniqueId().IsMatch(te.Id) ? " (a sub-technique belongs in [[rule.threat.technique.subtechnique]] under its technique)" : "";
                    error(tp + ".id", $"\"{te.Id}\" is not a technique id (T followed by four digits, e.g. T1059){hint}");
                }
                else if (te.Reference != AttackTactics.TechniqueReference(te.Id))
                {
                    error(tp + ".reference", $"for {te.Id} must be {AttackTactics.TechniqueReference(te.Id)}, found \"{te.Reference}\"");
                }
                if (te.Name.Trim().Length == 0)
                {
                    error(tp + ".name", "must not be empty");
                }
                CheckName(techniqueNames, te.Id, te.Name, tp + ".name", warn);
                for (var k = 0; k < te.Subtechniques.Count; k++)
                {
                    var st = te.Subtechniques[k];
                    var sp = $"{tp}.subtechnique[{k}]";
                    if (!SubtechniqueId().IsMatch(st.Id))
                    {
                        error(sp + ".id", $"\"{st.Id}\" is not a sub-technique id (T, four digits, a dot, three digits, e.g. T1059.004)");
                    }
                    else
                    {
                        if (!st.Id.StartsWith(te.Id + ".", StringComparison.Ordinal))
                        {
                            error(sp + ".id", $"{st.Id} is not a sub-technique of {te.Id}, the technique it is nested under");
                        }
                        if (st.Reference != AttackTactics.TechniqueReference(st.Id))
                        {
                            error(sp + ".reference", $"for {st.Id} must be {AttackTactics.TechniqueReference(st.Id)}, found \"{st.Reference}\"");
                        }
                    }
                    if (st.Name.Trim().Length == 0)
                    {
                        error(sp + ".name", "must not be empty");
                    }
                    CheckName(techniqueNames, st.Id, st.Name, sp + ".name", warn);
                }
            }
        }
    }

    private static void CheckName(Dictionary<string, string> names, string id, string name, string key, Action<string, string> warn)
    {
        if (names.TryGetValue(id, out var earlier))
        {
            if (!string.Equals(earlier, name, StringComparison.Ordinal))
            {
                warn(key, $"{id} is called \"{earlier}\" elsewhere in this rule, \"{name}\" here");
            }
        }
        else
        {
            names[id] = name;
        }
    }

    private static void CheckTransforms(Rule rule, Action<string, string> error, Action<string, string> warn)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        void Scan(string? text, string key)
        {
            if (text is null)
            {
                return;
            }
            foreach (Match m in TransformPlaceholder().Matches(text))
            {
                var kind = m.Groups[1].Value;
                var index = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                var count = kind == "osquery" ? rule.Transforms.Osquery.Count : rule.Transforms.Investigate.Count;
                used.Add(kind + "_" + index);
                if (index >= count && !rule.Transforms.IsEmpty)
                {
                    // detection-rules leaves an unknown placeholder as written (safe substitution), so this is not fatal.
                    warn(key, $"${kind}_{index} has no [[transform.{kind}]] entry (there are {count}); Kibana will show it as written");
                }
                else if (rule.Transforms.IsEmpty)
                {
                    warn(key, $"${kind}_{index} is left as written: the rule has no [transform] table");
                }
            }
        }
        Scan(rule.Note, "rule.note");
        foreach (var (tag, note) in rule.LocalizedNotes)
        {
            Scan(note, $"rule.locales.{tag}.note");
        }
        for (var i = 0; i < rule.Transforms.Osquery.Count; i++)
        {
            var e = rule.Transforms.Osquery[i];
            if (e.Query.Trim().Length == 0)
            {
                error($"transform.osquery[{i}].query", "must not be empty");
            }
            if (!used.Contains("osquery_" + i))
            {
                warn($"transform.osquery[{i}]", $"no note uses $osquery_{i}");
            }
        }
        for (var i = 0; i < rule.Transforms.Investigate.Count; i++)
        {
            var e = rule.Transforms.Investigate[i];
            var p = $"transform.investigate[{i}]";
            if (!used.Contains("investigate_" + i))
            {
                warn(p, $"no note uses $investigate_{i}");
            }
            if (e.Providers.ToNode() is not JsonArray groups || groups.Count == 0)
            {
                error(p + ".providers", "must be a list of lists of providers");
                continue;
            }
            for (var g = 0; g < groups.Count; g++)
            {
                if (groups[g] is not JsonArray group)
                {
                    error(p + ".providers", $"group {g} must be a list of providers");
                    continue;
                }
                foreach (var provider in group)
                {
                    if (provider is not JsonObject o || o["field"] is null || o["queryType"] is null)
                    {
                        error(p + ".providers", $"each provider of group {g} needs at least `field` and `queryType`");
                        break;
                    }
                }
            }
            foreach (var (key, value) in new[] { ("relativeFrom", e.RelativeFrom), ("relativeTo", e.RelativeTo) })
            {
                if (value is not null && !DateMath.IsValid(value))
                {
                    error($"{p}.{key}", $"\"{value}\" is not date math such as now-48h");
                }
            }
        }
    }

    private static void CheckTypeSpecific(Rule rule, Action<string, string> error, Action<string, string> warn)
    {
        var needsQuery = rule.Type is "eql" or "query" or "threshold" or "threat_match" or "new_terms" or "esql";
        if (needsQuery)
        {
            if (rule.Query is null)
            {
                error("rule.query", $"required for {rule.Type} rules");
            }
            else if (rule.Query.Trim().Length == 0 && rule.Type is "eql" or "esql")
            {
                error("rule.query", "must not be empty");
            }
        }
        string[] allowed = rule.Type switch
        {
            "eql" => ["eql"],
            "esql" => ["esql"],
            "query" or "saved_query" or "threshold" or "threat_match" or "new_terms" => ["kuery", "lucene"],
            _ => [],
        };
        if (rule.Type == "machine_learning")
        {
            if (rule.Language is not null)
            {
                warn("rule.language", "machine_learning rules have no query language");
            }
        }
        else if (allowed.Length > 0)
        {
            if (rule.Language is null)
            {
                if (rule.Type is "eql" or "esql")
                {
                    error("rule.language", $"required for {rule.Type} rules (\"{allowed[0]}\")");
                }
            }
            else if (Array.IndexOf(allowed, rule.Language) < 0)
            {
                error("rule.language", $"\"{rule.Language}\" is not a language for {rule.Type} rules (expected {string.Join(" or ", allowed)})");
            }
        }

        var usesIndex = rule.Type is "eql" or "query" or "threshold" or "threat_match" or "new_terms" or "saved_query";
        if (rule.Index is { } index)
        {
            if (rule.Type is "esql" or "machine_learning")
            {
                error("rule.index", $"{rule.Type} rules take no index patterns");
            }
            if (index.Count == 0)
            {
                error("rule.index", "must list at least one index pattern");
            }
            for (var i = 0; i < index.Count; i++)
            {
                if (IndexPatternProblem(index[i]) is { } problem)
                {
                    error($"rule.index", $"index pattern \"{index[i]}\" {problem}");
                }
            }
        }
        else if (usesIndex && rule.DataViewId is null && rule.Source.Format == RuleSourceFormat.Toml)
        {
            warn("rule.index", "no index patterns and no data_view_id: Kibana will search its default security indices");
        }

        switch (rule.Type)
        {
            case "threshold":
                if (rule.Threshold is not { } threshold)
                {
                    error("rule.threshold", "required for threshold rules");
                }
                else
                {
                    if (threshold.Value < 1)
                    {
                        error("rule.threshold.value", $"must be 1 or more, found {threshold.Value}");
                    }
                    if (threshold.Field.Count > 5)
                    {
                        error("rule.threshold.field", $"at most 5 fields, found {threshold.Field.Count}");
                    }
                    foreach (var c in threshold.Cardinality)
                    {
                        if (c.Value < 0 || c.Field.Length == 0)
                        {
                            error("rule.threshold.cardinality", "each entry needs a field and a value of 0 or more");
                        }
                    }
                }
                break;
            case "new_terms":
                if (rule.NewTerms is not { } newTerms)
                {
                    error("rule.new_terms", "required for new_terms rules");
                }
                else
                {
                    if (newTerms.Fields.Count is < 1 or > 3)
                    {
                        error("rule.new_terms.value", $"must list 1 to 3 fields, found {newTerms.Fields.Count}");
                    }
                    if (!DateMath.IsValid(newTerms.HistoryWindowStart) || DateMath.Offset(newTerms.HistoryWindowStart) >= TimeSpan.Zero)
                    {
                        error("rule.new_terms.history_window_start[0].value", $"\"{newTerms.HistoryWindowStart}\" must be date math in the past, such as now-7d");
                    }
                    else if (DateMath.Offset(rule.From) is { } from && DateMath.Offset(newTerms.HistoryWindowStart) > from)
                    {
                        warn("rule.new_terms.history_window_start[0].value", $"{newTerms.HistoryWindowStart} starts after the rule's own window {rule.From}");
                    }
                }
                break;
            case "machine_learning":
                if (rule.AnomalyThreshold is null)
                {
                    error("rule.anomaly_threshold", "required for machine_learning rules");
                }
                else if (rule.AnomalyThreshold is < 0 or > 100)
                {
                    error("rule.anomaly_threshold", $"must be between 0 and 100, found {rule.AnomalyThreshold}");
                }
                if (rule.MachineLearningJobId is not { Count: > 0 } jobs || jobs.Any(j => j.Trim().Length == 0))
                {
                    error("rule.machine_learning_job_id", "required for machine_learning rules (one or more job ids)");
                }
                break;
            case "threat_match":
                if (rule.ThreatIndex is not { Count: > 0 })
                {
                    error("rule.threat_index", "required for threat_match rules");
                }
                if (rule.ThreatQuery is null)
                {
                    error("rule.threat_query", "required for threat_match rules");
                }
                if (rule.ThreatMapping?.ToNode() is not JsonArray { Count: > 0 })
                {
                    error("rule.threat_mapping", "required for threat_match rules (a list of entries)");
                }
                if (rule.ThreatLanguage is { } tl && tl is not ("kuery" or "lucene"))
                {
                    error("rule.threat_language", $"must be kuery or lucene, found \"{tl}\"");
                }
                break;
        }
        if (rule.Type != "threshold" && rule.Threshold is not null)
        {
            error("rule.threshold", $"only threshold rules take a threshold (this is a {rule.Type} rule)");
        }
        if (rule.Type != "new_terms" && rule.NewTerms is not null)
        {
            error("rule.new_terms", $"only new_terms rules take new_terms (this is a {rule.Type} rule)");
        }
        if (rule.Type != "eql" && (rule.EventCategoryOverride ?? rule.TiebreakerField ?? rule.TimestampField) is not null)
        {
            error("rule.event_category_override", "event_category_override, tiebreaker_field and timestamp_field apply to eql rules only");
        }
    }

    /// <summary>Why an index pattern is invalid, or null (Elasticsearch index name rules; * and a leading - allowed).</summary>
    public static string? IndexPatternProblem(string pattern)
    {
        if (pattern.Length == 0)
        {
            return "is empty";
        }
        var name = pattern;
        var colon = name.IndexOf(':');
        if (colon >= 0)
        {
            name = name[(colon + 1)..];
        }
        if (name.StartsWith('-'))
        {
            name = name[1..];
        }
        foreach (var c in name)
        {
            if (c is ' ' or '\\' or '/' or '?' or '"' or '<' or '>' or '|' or ',' or '#')
            {
                return $"contains '{c}', which index names cannot contain";
            }
            if (char.IsUpper(c))
            {
                return "contains upper-case letters; index names are lower case";
            }
        }
        if (name is "." or "..")
        {
            return "is not an index name";
        }
        if (name.Length > 0 && name[0] is '_' or '+')
        {
            return $"starts with '{name[0]}'";
        }
        return null;
    }

    private static bool CheckEql(Rule rule, List<RuleProblem> problems)
    {
        if (rule.Query is null)
        {
            return false;
        }
        var diagnostics = EqlQueryCheck.Check(rule.Query, rule.Index?.AsImmutableArray());
        var s = rule.Source;
        var baseLine = s.KeyLines.TryGetValue("rule.query#value", out var vl) ? vl : s.LineOf("rule.query");
        var baseColumn = s.KeyLines.TryGetValue("rule.query#column", out var vc) ? vc : 0;
        foreach (var d in diagnostics)
        {
            var line = s.Format == RuleSourceFormat.KibanaNdjson ? s.Line : baseLine + d.Line - 1;
            var column = s.Format == RuleSourceFormat.KibanaNdjson ? 0 : d.Line == 1 ? baseColumn + d.Column : d.Column;
            var where = s.Format == RuleSourceFormat.KibanaNdjson ? $" (query {d.Line}:{d.Column})" : "";
            problems.Add(new RuleProblem(d.IsError ? RuleProblemSeverity.Error : RuleProblemSeverity.Warning,
                s.Path, line, column, s.Format == RuleSourceFormat.Eql ? null : "rule.query", d.Message + where));
        }
        CheckMaxspan(rule, problems);
        return true;
    }

    private static void CheckMaxspan(Rule rule, List<RuleProblem> problems)
    {
        if (rule.Source.Format == RuleSourceFormat.Eql || rule.Query is null)
        {
            return;
        }
        var maxspan = EqlQueryCheck.MaxSpan(rule.Query);
        var from = DateMath.Offset(rule.From);
        var to = DateMath.Offset(rule.To);
        if (maxspan is { } span && from is { } f && to is { } t && span > t - f)
        {
            problems.Add(RuleProblem.Warning(rule.Source, "rule.query",
                $"maxspan {span} is longer than the rule's window {rule.From}..{rule.To} ({t - f}); longer sequences cannot be found in one run"));
        }
    }
}
