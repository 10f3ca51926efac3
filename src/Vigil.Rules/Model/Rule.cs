using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>
/// A detection rule as Kibana's detection engine sees it (snake_case names in comments are the TOML / Kibana keys),
/// plus the detection-rules <c>[metadata]</c> and <c>[transform]</c> tables. Unset optional keys are null or empty;
/// keys with a Kibana default hold that default (see <see cref="RuleDefaults"/>).
/// </summary>
public sealed record Rule
{
    /// <summary><c>rule_id</c>: the stable id shared by every version of the rule.</summary>
    public required string RuleId { get; init; }

    /// <summary><c>name</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>description</c>.</summary>
    public string Description { get; init; } = "";

    /// <summary><c>type</c>: eql, query, threshold, new_terms, esql, machine_learning, threat_match, saved_query.</summary>
    public required string Type { get; init; }

    /// <summary><c>language</c>: eql, kuery, lucene, esql (null for machine_learning).</summary>
    public string? Language { get; init; }

    /// <summary><c>query</c>.</summary>
    public string? Query { get; init; }

    /// <summary><c>index</c>: index patterns (null when the rule has none, e.g. ES|QL or ML rules).</summary>
    public ValueList<string>? Index { get; init; }

    /// <summary><c>data_view_id</c>.</summary>
    public string? DataViewId { get; init; }

    /// <summary><c>author</c>.</summary>
    public ValueList<string> Author { get; init; } = ValueList<string>.Empty;

    /// <summary><c>license</c>.</summary>
    public string? License { get; init; }

    /// <summary><c>severity</c>: low, medium, high, critical.</summary>
    public required string Severity { get; init; }

    /// <summary><c>risk_score</c>: 0 to 100.</summary>
    public required int RiskScore { get; init; }

    /// <summary><c>severity_mapping</c>.</summary>
    public ValueList<SeverityMapping> SeverityMapping { get; init; } = ValueList<SeverityMapping>.Empty;

    /// <summary><c>risk_score_mapping</c>.</summary>
    public ValueList<RiskScoreMapping> RiskScoreMapping { get; init; } = ValueList<RiskScoreMapping>.Empty;

    /// <summary><c>from</c>: date math for the start of the window (default <c>now-6m</c>).</summary>
    public string From { get; init; } = RuleDefaults.From;

    /// <summary><c>to</c>: date math for the end of the window (default <c>now</c>).</summary>
    public string To { get; init; } = RuleDefaults.To;

    /// <summary><c>interval</c>: how often the rule runs (default <c>5m</c>).</summary>
    public string Interval { get; init; } = RuleDefaults.Interval;

    /// <summary><c>max_signals</c>: most alerts per run (default 100).</summary>
    public int MaxSignals { get; init; } = RuleDefaults.MaxSignals;

    /// <summary><c>version</c> (default 1).</summary>
    public int Version { get; init; } = RuleDefaults.Version;

    /// <summary><c>enabled</c> (default true).</summary>
    public bool Enabled { get; init; } = RuleDefaults.Enabled;

    /// <summary><c>tags</c>.</summary>
    public ValueList<string> Tags { get; init; } = ValueList<string>.Empty;

    /// <summary><c>references</c>.</summary>
    public ValueList<string> References { get; init; } = ValueList<string>.Empty;

    /// <summary><c>false_positives</c>.</summary>
    public ValueList<string> FalsePositives { get; init; } = ValueList<string>.Empty;

    /// <summary><c>note</c>: the investigation guide as written, with <c>$osquery_N</c> / <c>$investigate_N</c> placeholders.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// Localised investigation guides: language tag (<c>zh-CN</c>) → Markdown with the same placeholders as
    /// <see cref="Note"/>. Stored in TOML as <c>[rule.locales."zh-CN"] note = ...</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> LocalizedNotes { get; init; } = EmptyNotes;

    /// <summary><c>setup</c>.</summary>
    public string? Setup { get; init; }

    /// <summary><c>[transform]</c>: the Osquery and Timeline buttons the note refers to.</summary>
    public RuleTransforms Transforms { get; init; } = RuleTransforms.Empty;

    /// <summary><c>threat</c>: the ATT&amp;CK mapping.</summary>
    public ValueList<ThreatEntry> Threat { get; init; } = ValueList<ThreatEntry>.Empty;

    /// <summary><c>building_block_type</c> (<c>default</c> for building-block rules).</summary>
    public string? BuildingBlockType { get; init; }

    /// <summary><c>timestamp_override</c>.</summary>
    public string? TimestampOverride { get; init; }

    /// <summary><c>timestamp_override_fallback_disabled</c>.</summary>
    public bool? TimestampOverrideFallbackDisabled { get; init; }

    /// <summary><c>event_category_override</c> (EQL).</summary>
    public string? EventCategoryOverride { get; init; }

    /// <summary><c>tiebreaker_field</c> (EQL).</summary>
    public string? TiebreakerField { get; init; }

    /// <summary><c>timestamp_field</c> (EQL).</summary>
    public string? TimestampField { get; init; }

    /// <summary><c>investigation_fields.field_names</c>.</summary>
    public ValueList<string>? InvestigationFields { get; init; }

    /// <summary><c>alert_suppression</c>.</summary>
    public AlertSuppression? AlertSuppression { get; init; }

    /// <summary><c>filters</c>: Kibana query-bar filters, kept verbatim.</summary>
    public RawJson? Filters { get; init; }

    /// <summary><c>exceptions_list</c>.</summary>
    public ValueList<ExceptionListReference> ExceptionsList { get; init; } = ValueList<ExceptionListReference>.Empty;

    /// <summary><c>rule_name_override</c>.</summary>
    public string? RuleNameOverride { get; init; }

    /// <summary><c>timeline_id</c>.</summary>
    public string? TimelineId { get; init; }

    /// <summary><c>timeline_title</c>.</summary>
    public string? TimelineTitle { get; init; }

    /// <summary><c>new_terms</c> (new_terms rules).</summary>
    public NewTermsSettings? NewTerms { get; init; }

    /// <summary><c>threshold</c> (threshold rules).</summary>
    public ThresholdSettings? Threshold { get; init; }

    /// <summary><c>anomaly_threshold</c> (machine_learning rules).</summary>
    public int? AnomalyThreshold { get; init; }

    /// <summary><c>machine_learning_job_id</c> (a string or a list in TOML; always a list here).</summary>
    public ValueList<string>? MachineLearningJobId { get; init; }

    /// <summary><c>threat_index</c> (threat_match rules).</summary>
    public ValueList<string>? ThreatIndex { get; init; }

    /// <summary><c>threat_query</c>.</summary>
    public string? ThreatQuery { get; init; }

    /// <summary><c>threat_language</c>.</summary>
    public string? ThreatLanguage { get; init; }

    /// <summary><c>threat_indicator_path</c>.</summary>
    public string? ThreatIndicatorPath { get; init; }

    /// <summary><c>threat_mapping</c>, kept verbatim.</summary>
    public RawJson? ThreatMapping { get; init; }

    /// <summary><c>threat_filters</c>, kept verbatim.</summary>
    public RawJson? ThreatFilters { get; init; }

    /// <summary><c>related_integrations</c>.</summary>
    public ValueList<RelatedIntegration> RelatedIntegrations { get; init; } = ValueList<RelatedIntegration>.Empty;

    /// <summary><c>required_fields</c>.</summary>
    public ValueList<RequiredField> RequiredFields { get; init; } = ValueList<RequiredField>.Empty;

    /// <summary><c>id</c>: Kibana's saved-object id (only for rules read from an export).</summary>
    public string? Id { get; init; }

    /// <summary><c>immutable</c>: true for Elastic prebuilt rules installed in Kibana.</summary>
    public bool? Immutable { get; init; }

    /// <summary>
    /// Rule keys this model does not know (from a Kibana export: created_at, actions, revision...), kept verbatim
    /// as one JSON object so that an export is written back unchanged.
    /// </summary>
    public RawJson? Extra { get; init; }

    /// <summary><c>[metadata]</c> (TOML only).</summary>
    public RuleMetadata Metadata { get; init; } = new();

    /// <summary>Where the rule was read from.</summary>
    public RuleSource Source { get; init; } = RuleSource.None;

    /// <summary>True for building-block rules.</summary>
    public bool IsBuildingBlock => BuildingBlockType is not null;

    /// <summary>The note as Kibana sees it: transforms rendered in place of their placeholders.</summary>
    public string? RenderedNote => Note is null ? null : NoteRenderer.Render(Note, Transforms);

    /// <summary>
    /// The guide for a language: the localised note when there is one for <paramref name="language"/> (exact tag,
    /// then its primary language: <c>zh-TW</c> falls back to a <c>zh</c> note), otherwise <see cref="Note"/>;
    /// transforms rendered.
    /// </summary>
    public string? RenderedNoteFor(string? language)
    {
        var note = LocalizedNoteSelector.Select(this, language);
        return note is null ? null : NoteRenderer.Render(note, Transforms);
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyNotes =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
