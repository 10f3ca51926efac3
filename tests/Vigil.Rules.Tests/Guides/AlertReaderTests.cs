using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

public sealed class AlertReaderTests
{
    [Fact]
    public void JsonLinesWithABadLineReportTheLineAndKeepTheRest()
    {
        var errors = new List<string>();
        var alerts = AlertReader.Read("{\"kibana.alert.uuid\":\"a\"}\n{bad\n\n{\"kibana.alert.uuid\":\"b\"}\n42\n", "f.jsonl", errors);
        Assert.Equal(new[] { "a", "b" }, alerts.Select(a => a.Id));
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("f.jsonl:2: not valid JSON", errors[0]);
        Assert.StartsWith("f.jsonl:5: an alert must be a JSON object", errors[1]);
    }

    [Fact]
    public void PrettyPrintedObjectsAndArraysAreRead()
    {
        var errors = new List<string>();
        var alerts = AlertReader.Read("{\n  \"kibana.alert.uuid\": \"a\"\n}\n{\n  \"kibana.alert.uuid\": \"b\"\n}\n", "f", errors);
        Assert.Empty(errors);
        Assert.Equal(new[] { "a", "b" }, alerts.Select(a => a.Id));
        alerts = AlertReader.Read("[{\"kibana.alert.uuid\":\"a\"},{\"_id\":\"h\",\"_source\":{}}]", "f", errors);
        Assert.Empty(errors);
        Assert.Equal(new[] { "a", "h" }, alerts.Select(a => a.Id));
    }
}
