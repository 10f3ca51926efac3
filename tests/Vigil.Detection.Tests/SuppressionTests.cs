using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Suppression;

namespace Vigil.Detection.Tests;

public sealed class SuppressionTests
{
    [Fact]
    public void InstanceIdMatchesNpmObjectHash()
    {
        // Values computed with object-hash 3.0.0 (objectHash([terms, ruleUuid, spaceId])) in Node.
        Assert.Equal("507c447a470b1c28cd8b261a27b807cc3f40162f", ObjectHash.InstanceId(
            [new SuppressionTerm("host.name", new JsonArray("host-1")), new SuppressionTerm("user.name", null)], "rule-uuid", "default"));
        Assert.Equal("3ad6900097b69f7db0227e745ba32e521683f300", ObjectHash.InstanceId(
            [new SuppressionTerm("host.name", "h"), new SuppressionTerm("process.pid", new JsonArray(3, 12))], "r", "default"));
        Assert.Equal("e48866a37d5f82fe521dd4b17c15429f8b1a056a", ObjectHash.InstanceId([], "r", "default"));
        Assert.Equal("f4f829ce341439c29dd0ba68fe45768b6d3b6caa", ObjectHash.InstanceId(
            [new SuppressionTerm("a", true), new SuppressionTerm("b", 1.5), new SuppressionTerm("c", new JsonArray("é", "z"))],
            "550e8400-e29b-41d4-a716-446655440000", "default"));
    }

    [Fact]
    public void EventTermsAreSortedArraysOrNull()
    {
        var source = (JsonObject)JsonNode.Parse("""{"host":{"name":"h"},"tags":["b","a"],"n":[12,3]}""")!;
        var terms = SuppressionTerms.FromEvent(source, ["host.name", "tags", "missing", "n"]);
        Assert.Equal("[\"h\"]", terms[0].Value!.ToJsonString());
        Assert.Equal("[\"a\",\"b\"]", terms[1].Value!.ToJsonString());
        Assert.Null(terms[2].Value);
        Assert.Equal("[3,12]", terms[3].Value!.ToJsonString());
        Assert.True(SuppressionTerms.HasMissing(terms));
    }

    private static SuppressionCandidate Candidate(string id, string host, string time, long docs = 0)
    {
        var source = new AlertSource();
        source.Set("kibana.alert.uuid", id);
        var alert = new AlertDocument(id, source);
        var terms = new[] { new SuppressionTerm("host.name", new JsonArray(host)) };
        var instance = ObjectHash.InstanceId(terms, "r", "default");
        AlertSuppressor.AddFields(alert, terms, instance, DateTimeOffset.Parse(time));
        if (docs > 0) source.Set("kibana.alert.suppression.docs_count", docs);
        return new SuppressionCandidate(alert, instance, DateTimeOffset.Parse(time), []);
    }

    private static AlertExecutionContext Exec(string uuid, string at) => new()
    {
        StartedAt = DateTimeOffset.Parse(at),
        AlertTimestamp = DateTimeOffset.Parse(at),
        ExecutionUuid = uuid,
    };

    [Fact]
    public void WithinARunTheEarliestAlertPerGroupAbsorbsTheOthers()
    {
        var suppressor = new AlertSuppressor();
        var known = new HashSet<string>();
        var outcome = suppressor.Process(
        [
            Candidate("a2", "h1", "2024-05-01T10:02:00Z"),
            Candidate("a1", "h1", "2024-05-01T10:01:00Z"),
            Candidate("b1", "h2", "2024-05-01T10:03:00Z"),
            Candidate("a3", "h1", "2024-05-01T10:05:00Z"),
        ], Exec("e1", "2024-05-01T10:10:00Z"), DateTimeOffset.MinValue, perExecutionOnly: true, known, 0);
        Assert.Equal(["a1", "b1"], outcome.Created.Select(a => a.Id));
        var a1 = AlertJsonWriter.SourceAsObject(outcome.Created[0]);
        Assert.Equal(2, (long)a1["kibana.alert.suppression.docs_count"]!);
        Assert.Equal("2024-05-01T10:01:00.000Z", (string?)a1["kibana.alert.suppression.start"]);
        Assert.Equal("2024-05-01T10:05:00.000Z", (string?)a1["kibana.alert.suppression.end"]);
        Assert.Equal("host.name", (string?)a1["kibana.alert.suppression.terms"]![0]!["field"]);
        Assert.Equal(2, outcome.Suppressed);
    }

    [Fact]
    public void AcrossRunsAnOpenAlertInTheWindowIsUpdated()
    {
        var suppressor = new AlertSuppressor();
        var known = new HashSet<string>();
        var first = suppressor.Process([Candidate("a1", "h1", "2024-05-01T10:01:00Z")], Exec("e1", "2024-05-01T10:05:00Z"),
            DateTimeOffset.Parse("2024-05-01T09:05:00Z"), perExecutionOnly: false, known, 0);
        Assert.Single(first.Created);
        // Next run, 5 minutes later, duration 1h: the same group is folded into a1.
        var second = suppressor.Process([Candidate("a2", "h1", "2024-05-01T10:07:00Z")], Exec("e2", "2024-05-01T10:10:00Z"),
            DateTimeOffset.Parse("2024-05-01T09:10:00Z"), perExecutionOnly: false, known, 0);
        Assert.Empty(second.Created);
        var a1 = AlertJsonWriter.SourceAsObject(first.Created[0]);
        Assert.Equal(1, (long)a1["kibana.alert.suppression.docs_count"]!);
        Assert.Equal("2024-05-01T10:07:00.000Z", (string?)a1["kibana.alert.suppression.end"]);
        Assert.Equal("2024-05-01T10:01:00.000Z", (string?)a1["kibana.alert.suppression.start"]);
        Assert.Equal("2024-05-01T10:10:00.000Z", (string?)a1["kibana.alert.last_detected"]);
    }

    [Fact]
    public void OutsideTheWindowANewAlertIsCreated()
    {
        var suppressor = new AlertSuppressor();
        var known = new HashSet<string>();
        suppressor.Process([Candidate("a1", "h1", "2024-05-01T10:01:00Z")], Exec("e1", "2024-05-01T10:05:00Z"), DateTimeOffset.MinValue, false, known, 0);
        var later = suppressor.Process([Candidate("a2", "h1", "2024-05-01T12:01:00Z")], Exec("e2", "2024-05-01T12:05:00Z"),
            DateTimeOffset.Parse("2024-05-01T11:05:00Z"), false, known, 0);
        Assert.Single(later.Created);
    }

    [Fact]
    public void PerExecutionSuppressionDoesNotReachEarlierRuns()
    {
        var suppressor = new AlertSuppressor();
        var known = new HashSet<string>();
        suppressor.Process([Candidate("a1", "h1", "2024-05-01T10:01:00Z")], Exec("e1", "2024-05-01T10:05:00Z"), DateTimeOffset.MinValue, true, known, 0);
        var second = suppressor.Process([Candidate("a2", "h1", "2024-05-01T10:07:00Z")], Exec("e2", "2024-05-01T10:10:00Z"), DateTimeOffset.MinValue, true, known, 0);
        Assert.Single(second.Created);
    }

    [Fact]
    public void AlreadyWrittenIdsAreNotRecreated()
    {
        var suppressor = new AlertSuppressor();
        var known = new HashSet<string> { "a1" };
        var outcome = suppressor.Process([Candidate("a1", "h1", "2024-05-01T10:01:00Z")], Exec("e1", "2024-05-01T10:05:00Z"), DateTimeOffset.MinValue, true, known, 0);
        Assert.Empty(outcome.Created);
    }
}
