using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

/// <summary>A small hand-written note and alert shared by the renderer tests.</summary>
internal static class GuideSamples
{
    public const string OsqueryUser =
        "!{osquery{\"label\":\"Osquery - Retrieve Information for a Specific User\",\"query\":\"SELECT * FROM users WHERE username = {{user.name}}\"}}";

    public const string InvestigateHost =
        "!{investigate{\"label\":\"Alerts for the host\",\"providers\":[[{\"excluded\":false,\"field\":\"event.kind\",\"queryType\":\"phrase\",\"value\":\"signal\",\"valueType\":\"string\"},{\"excluded\":false,\"field\":\"host.id\",\"queryType\":\"phrase\",\"value\":\"{{host.id}}\",\"valueType\":\"string\"}],[{\"excluded\":true,\"field\":\"user.name\",\"queryType\":\"phrase\",\"value\":\"{{user.name}}\",\"valueType\":\"string\"}]],\"relativeFrom\":\"now-48h/h\",\"relativeTo\":\"now\"}}";

    public const string Note =
        "## Triage\n\nCheck the **user** and `host`. See [docs](https://example.com/guide).\n\n> **Note**: placeholders need 8.7.\n\n"
        + "```sql\nSELECT 1\n```\n\n"
        + "- Identify the user:\n  - " + OsqueryUser + "\n- Timeline: " + InvestigateHost + "\n\n1. First\n2. Second\n";

    public static AlertDocument Alert(string userName = "o'brien") => AlertDocument.Parse(System.Text.Json.JsonSerializer.Serialize(
        new Dictionary<string, object>
        {
            ["@timestamp"] = "2026-03-04T10:20:30.000Z",
            ["kibana.alert.uuid"] = "u-1",
            ["kibana.alert.rule.name"] = "Test Rule",
            ["kibana.alert.rule.rule_id"] = "rid-1",
            ["kibana.alert.rule.note"] = Note,
            ["user"] = new { name = userName },
            ["host"] = new { id = "h-1", name = "web-1" },
        }));
}
