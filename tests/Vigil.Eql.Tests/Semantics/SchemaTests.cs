using System.Text.Json;
using Vigil.Eql.Semantics;
using Vigil.SchemaBuilder;

namespace Vigil.Eql.Tests.Semantics;

public sealed class SchemaTests
{
    [Fact]
    public void EmbeddedSchemaEqualsOneRegeneratedFromTheSources()
    {
        var schemas = SharedFolder.Combine("corpus", "detection-rules", "data", "schemas");
        if (schemas is null)
        {
            return;
        }
        var regenerated = SchemaSourceConverter.BuildTsv(schemas);
        var embedded = ReadEmbedded();
        Assert.Equal(regenerated, embedded);
    }

    [Fact]
    public void EcsFieldsHaveTheirMappingTypes()
    {
        // Values read by hand from ecs_flat_9.5.0.json.gz.
        AssertType(Schema.Default, "@timestamp", FieldType.Date);
        AssertType(Schema.Default, "process.name", FieldType.Keyword);
        AssertType(Schema.Default, "process.command_line", FieldType.Wildcard);
        AssertType(Schema.Default, "process.pid", FieldType.Long);
        AssertType(Schema.Default, "destination.ip", FieldType.Ip);
        AssertType(Schema.Default, "destination.port", FieldType.Long);
        AssertType(Schema.Default, "event.category", FieldType.Keyword);
        AssertType(Schema.Default, "process.args_count", FieldType.Long);
        AssertType(Schema.Default, "message", FieldType.MatchOnlyText);
        AssertType(Schema.Default, "dll.pe.sections", FieldType.Nested);
        // ECS says match_only_text; Defend's own definition (text) wins.
        AssertType(Schema.Default, "process.name.text", FieldType.Text);
        AssertType(Schema.Default, "user.name.text", FieldType.MatchOnlyText);
        AssertType(Schema.Default, "client.geo.location", FieldType.GeoPoint);
    }

    [Fact]
    public void DefendFieldsAreInTheDefaultSchema()
    {
        // integrity_level_name comes from the non-ECS list of logs-endpoint.events.*.
        Assert.False(Schema.Default.TryGetFieldType("process.Ext.token.integrity_level_name", out _));
        AssertType(Schema.ForIndices(["logs-endpoint.events.process-*"]), "process.Ext.token.integrity_level_name", FieldType.Keyword);
        AssertType(Schema.Default, "process.Ext.code_signature", FieldType.Nested);
        AssertType(Schema.Default, "process.Ext.real.pid", FieldType.Long);
    }

    [Fact]
    public void IndexSpecificFieldsOnlyForOverlappingPatterns()
    {
        Assert.False(Schema.Default.TryGetFieldType("endgame.metadata.type", out _));
        var endgame = Schema.ForIndices(["endgame-*", "logs-endpoint.events.process-*"]);
        AssertType(endgame, "endgame.metadata.type", FieldType.Keyword);
        AssertType(endgame, "process.name", FieldType.Keyword);
        Assert.False(endgame.TryGetFieldType("winlog.event_data.AccessMask", out _));

        var windows = Schema.ForIndices(["winlogbeat-*", "logs-windows.sysmon_operational-*"]);
        AssertType(windows, "winlog.event_data.AccessMask", FieldType.Keyword);
        Assert.False(windows.TryGetFieldType("endgame.metadata.type", out _));
    }

    [Theory]
    [InlineData("logs-endpoint.events.*", "logs-endpoint.events.process-*", true)]
    [InlineData("logs-endpoint.events.*", "logs-*", true)]
    [InlineData("logs-windows.*", "logs-windows.sysmon_operational-*", true)]
    [InlineData("winlogbeat-*", "winlogbeat-*", true)]
    [InlineData("logs-okta*", "logs-okta.system*", true)]
    [InlineData("auditbeat-*", "winlogbeat-*", false)]
    [InlineData("logs-endpoint.events.file-*", "logs-endpoint.events.process-*", false)]
    [InlineData("endgame-*", "endgame-8.1.0", true)]
    [InlineData("metrics-*", "logs-*", false)]
    public void IndexPatternOverlap(string first, string second, bool expected)
    {
        Assert.Equal(expected, IndexPatterns.Overlap(first, second));
        Assert.Equal(expected, IndexPatterns.Overlap(second, first));
    }

    [Fact]
    public void MappingWithAliasesMultiFieldsRuntimeAndPlaceholder()
    {
        const string mapping = """
            # comment line as in the ES QA mappings
            {
              "runtime": { "broken": { "type": "long", "script": { "source": "x" } } },
              "properties": {
                "@timestamp": { "type": "date" },
                "event_type": { "type": "[runtime_random_keyword_type]" },
                "event": { "properties": { "category": { "type": "alias", "path": "event_type" } } },
                "process_name": { "type": "text", "fields": { "keyword": { "type": "keyword", "ignore_above": 256 } } },
                "address": { "type": "ip" },
                "ver": { "type": "version" }
              }
            }
            """;
        var schema = Schema.FromMappingText(mapping);
        AssertType(schema, "@timestamp", FieldType.Date);
        AssertType(schema, "event_type", FieldType.Keyword);
        AssertType(schema, "event.category", FieldType.Keyword);
        AssertType(schema, "event", FieldType.Object);
        AssertType(schema, "process_name", FieldType.Text);
        AssertType(schema, "process_name.keyword", FieldType.Keyword);
        AssertType(schema, "broken", FieldType.Long);
        AssertType(schema, "address", FieldType.Ip);
        AssertType(schema, "ver", FieldType.Version);
        Assert.True(schema.HasExactSubfield("process_name"));
    }

    [Fact]
    public void MappingWrappedInMappings()
    {
        using var document = JsonDocument.Parse("""{"mappings":{"properties":{"a":{"properties":{"b":{"type":"integer"}}}}}}""");
        var schema = Schema.FromMapping(document.RootElement);
        AssertType(schema, "a.b", FieldType.Integer);
        AssertType(schema, "a", FieldType.Object);
    }

    [Fact]
    public void EsQaMappingsLoad()
    {
        var data = SharedFolder.Combine("corpus", "eql-elasticsearch", "data");
        if (data is null)
        {
            return;
        }
        var endgame = Schema.FromMappingText(File.ReadAllText(Path.Combine(data, "endgame-140.mapping")));
        AssertType(endgame, "event.category", FieldType.Keyword);
        AssertType(endgame, "serial_event_id", FieldType.Long);
        var extra = Schema.FromMappingText(File.ReadAllText(Path.Combine(data, "extra.mapping")));
        AssertType(extra, "event.sequence", FieldType.Long);
        AssertType(extra, "optional_field_mapping_only", FieldType.Keyword);
    }

    private static void AssertType(Schema schema, string path, FieldType expected)
    {
        Assert.True(schema.TryGetFieldType(path, out var actual), $"{path} missing");
        Assert.Equal(expected, actual);
    }

    private static string ReadEmbedded()
    {
        using var stream = typeof(Schema).Assembly.GetManifestResourceStream("Vigil.Eql.Semantics.schema.tsv.gz")!;
        using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }
}
