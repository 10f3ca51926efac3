using System.Collections.Frozen;
using System.Text.Json;

namespace Vigil.Eql.Semantics;

/// <summary>
/// Field path → <see cref="FieldType"/> for binding queries. <see cref="Default"/> holds ECS and Elastic Defend;
/// <see cref="ForIndices"/> adds the non-ECS fields of the index patterns a rule searches; <see cref="FromMapping"/>
/// reads an Elasticsearch index mapping. Multi-fields (<c>process.name.text</c>) are fields of their own.
/// </summary>
public sealed class Schema
{
    private readonly FrozenDictionary<string, FieldType> fields;

    private Schema(IEnumerable<KeyValuePair<string, FieldType>> fields)
    {
        this.fields = fields.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>ECS plus Elastic Defend fields (no index-specific fields).</summary>
    public static Schema Default => SchemaCatalog.Default;

    /// <summary>A schema with no fields: every field is unknown.</summary>
    public static Schema Empty { get; } = new([]);

    /// <summary>Number of fields (multi-fields included).</summary>
    public int Count => fields.Count;

    /// <summary>All fields and their types.</summary>
    public IEnumerable<KeyValuePair<string, FieldType>> Fields => fields;

    /// <summary>
    /// ECS + Defend plus the non-ECS fields of every catalogued index pattern that overlaps one of
    /// <paramref name="indexPatterns"/> (for example <c>logs-endpoint.events.process-*</c> picks
    /// <c>logs-endpoint.events.*</c>).
    /// </summary>
    public static Schema ForIndices(IEnumerable<string> indexPatterns) => SchemaCatalog.ForIndices(indexPatterns);

    /// <summary>A schema from explicit field types (later entries win).</summary>
    public static Schema FromFields(IEnumerable<KeyValuePair<string, FieldType>> fields)
    {
        var map = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        foreach (var (path, type) in fields)
        {
            map[path] = type;
        }
        return new Schema(map);
    }

    /// <summary>
    /// A schema from an Elasticsearch mapping: the object holding <c>properties</c> (optionally wrapped in
    /// <c>mappings</c>), with multi-fields (<c>fields</c>), <c>runtime</c> fields and aliases resolved to their target.
    /// </summary>
    public static Schema FromMapping(JsonElement mapping) => new(MappingReader.Read(mapping));

    /// <summary>
    /// Like <see cref="FromMapping"/>, from mapping text as the ES QA suites store it: leading <c>#</c> comment lines
    /// are skipped and the <c>[runtime_random_keyword_type]</c> placeholder reads as <c>keyword</c>.
    /// </summary>
    public static Schema FromMappingText(string mappingText)
    {
        var json = MappingReader.StripCommentLines(mappingText);
        using var document = JsonDocument.Parse(json);
        return FromMapping(document.RootElement);
    }

    /// <summary>The union of several schemas (later schemas win on conflicts), e.g. for a query over several indices.</summary>
    public static Schema Merge(IEnumerable<Schema> schemas)
    {
        var map = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            foreach (var (path, type) in schema.fields)
            {
                map[path] = type;
            }
        }
        return new Schema(map);
    }

    /// <summary>
    /// This schema plus the fields Elasticsearch's default dynamic mapping adds when <paramref name="documents"/> are
    /// indexed (the ES QA data sets carry fields their mappings do not list). Mapped fields keep their types.
    /// </summary>
    public Schema WithDynamicFields(IEnumerable<JsonElement> documents)
    {
        var map = new Dictionary<string, FieldType>(fields, StringComparer.Ordinal);
        foreach (var document in documents)
        {
            DynamicMapper.Add(document, string.Empty, map);
        }
        return new Schema(map);
    }

    /// <summary>Looks up a field by its dotted path (case-sensitive, as Elasticsearch field names are).</summary>
    public bool TryGetFieldType(string path, out FieldType type) => fields.TryGetValue(path, out type);

    /// <summary>
    /// For the literal prefilter (<c>RequiredLiteralOptions.IsVerbatimStringField</c>): false for a field this schema
    /// types as something other than a string (a number, date, ip...: its JSON text may differ from the query's
    /// literal), null when it does not know or the field is a string.
    /// </summary>
    public bool? IsVerbatimString(string path) =>
        TryGetFieldType(path, out var type)
        && type is not (FieldType.Keyword or FieldType.ConstantKeyword or FieldType.Wildcard or FieldType.Text
            or FieldType.MatchOnlyText or FieldType.Unknown)
            ? false
            : null;

    /// <summary>
    /// Finds the closest enclosing field of type nested (<c>processes</c> for <c>processes.pid</c>); such fields
    /// cannot be queried by EQL.
    /// </summary>
    public bool TryGetNestedAncestor(string path, out string ancestor)
    {
        var dot = path.LastIndexOf('.');
        while (dot > 0)
        {
            var prefix = path[..dot];
            if (fields.TryGetValue(prefix, out var type) && type == FieldType.Nested)
            {
                ancestor = prefix;
                return true;
            }
            dot = prefix.LastIndexOf('.');
        }
        ancestor = string.Empty;
        return false;
    }

    /// <summary>
    /// Whether a text field has a keyword multi-field (<c>x.keyword</c> or similar) that gives it an exact value.
    /// A text field has no sub-properties of its own, so any keyword child is a multi-field.
    /// </summary>
    public bool HasExactSubfield(string textPath)
    {
        var prefix = textPath + ".";
        foreach (var (path, type) in fields)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.IndexOf('.', prefix.Length) < 0
                && type is FieldType.Keyword or FieldType.ConstantKeyword or FieldType.Wildcard)
            {
                return true;
            }
        }
        return false;
    }

    internal static Schema FromDictionary(Dictionary<string, FieldType> map) => new(map);
}
