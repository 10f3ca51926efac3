using Vigil.Eql.Semantics;

namespace Vigil.Eql.Tests.Semantics;

/// <summary>
/// A schema shaped like the mapping Elasticsearch's own EQL verifier tests use (mapping-default.json and friends),
/// so the expected messages below can be compared with the ones Elasticsearch asserts.
/// </summary>
internal static class TestSchemas
{
    public static Schema EsDefault { get; } = Schema.FromFields(new Dictionary<string, FieldType>
    {
        ["@timestamp"] = FieldType.Date,
        ["event.category"] = FieldType.Keyword,
        ["pid"] = FieldType.Long,
        ["ppid"] = FieldType.Long,
        ["opcode"] = FieldType.Long,
        ["serial_event_id"] = FieldType.Long,
        ["exit_code"] = FieldType.Long,
        ["bool"] = FieldType.Boolean,
        ["process_name"] = FieldType.Keyword,
        ["parent_process_name"] = FieldType.Keyword,
        ["command_line"] = FieldType.Keyword,
        ["md5"] = FieldType.Keyword,
        ["user_domain"] = FieldType.Keyword,
        ["hostname"] = FieldType.Text,
        ["plain_text"] = FieldType.Text,
        ["source_address"] = FieldType.Ip,
        ["version"] = FieldType.Version,
        ["processes"] = FieldType.Nested,
        ["processes.pid"] = FieldType.Long,
        ["location"] = FieldType.GeoPoint,
        ["multi_field"] = FieldType.Text,
        ["multi_field.raw"] = FieldType.Keyword,
        ["multi_field.english"] = FieldType.Text,
    });
}
