using System.IO.Compression;
using System.Reflection;

namespace Vigil.Eql.Semantics;

/// <summary>
/// The embedded ECS / Defend / non-ECS field table (Resources/schema.tsv.gz, written by tools/Vigil.SchemaBuilder):
/// lines of <c>scope TAB path TAB es-type</c>, scope being <c>ecs</c>, <c>endpoint</c> or an index pattern.
/// </summary>
internal static class SchemaCatalog
{
    public const string ResourceName = "Vigil.Eql.Semantics.schema.tsv.gz";

    private static readonly Lazy<Catalog> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Schema Default => Loaded.Value.Default;

    public static Schema ForIndices(IEnumerable<string> indexPatterns)
    {
        var catalog = Loaded.Value;
        var wantedPatterns = new List<string>();
        foreach (var wanted in indexPatterns)
        {
            wantedPatterns.Add(wanted.Trim());
        }
        var matched = new List<int>();
        for (var i = 0; i < catalog.ByIndexPattern.Count; i++)
        {
            foreach (var wanted in wantedPatterns)
            {
                if (IndexPatterns.Overlap(catalog.ByIndexPattern[i].Pattern, wanted))
                {
                    matched.Add(i);
                    break;
                }
            }
        }
        if (matched.Count == 0)
        {
            return catalog.Default;
        }
        // Rules share a handful of index-pattern combinations; build each combined schema once.
        return catalog.Combined.GetOrAdd(string.Join(",", matched), _ =>
        {
            var map = new Dictionary<string, FieldType>(catalog.Common, StringComparer.Ordinal);
            foreach (var i in matched)
            {
                foreach (var (path, type) in catalog.ByIndexPattern[i].Fields)
                {
                    map[path] = type;
                }
            }
            return Schema.FromDictionary(map);
        });
    }

    /// <summary>The decompressed resource text (for the regeneration test).</summary>
    public static string ReadResourceText()
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    private static Catalog Load()
    {
        var common = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        var endpoint = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        var byIndex = new SortedDictionary<string, Dictionary<string, FieldType>>(StringComparer.Ordinal);
        foreach (var line in ReadResourceText().Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var parts = line.Split('\t');
            if (parts.Length != 3)
            {
                continue;
            }
            var type = FieldTypes.FromMappingType(parts[2]);
            switch (parts[0])
            {
                case "ecs":
                    common[parts[1]] = type;
                    break;
                case "endpoint":
                    endpoint[parts[1]] = type;
                    break;
                default:
                    if (!byIndex.TryGetValue(parts[0], out var fields))
                    {
                        fields = new Dictionary<string, FieldType>(StringComparer.Ordinal);
                        byIndex.Add(parts[0], fields);
                    }
                    fields[parts[1]] = type;
                    break;
            }
        }
        // Defend's own definitions win over ECS where both describe a field.
        foreach (var (path, type) in endpoint)
        {
            common[path] = type;
        }
        var list = new List<(string, Dictionary<string, FieldType>)>();
        foreach (var (pattern, fields) in byIndex)
        {
            list.Add((pattern, fields));
        }
        return new Catalog(common, Schema.FromDictionary(common), list);
    }

    private sealed record Catalog(
        Dictionary<string, FieldType> Common,
        Schema Default,
        List<(string Pattern, Dictionary<string, FieldType> Fields)> ByIndexPattern)
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, Schema> Combined { get; } = new(StringComparer.Ordinal);
    }
}
