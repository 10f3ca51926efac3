using Vigil.Detection.Alerts;
using Vigil.Detection.Rules;

namespace Vigil.Detection.Tests;

public sealed class AlertIdTests
{
    [Fact]
    public void SingleEventIdHashesIndexIdUndefinedVersionAndSpaceRule()
    {
        var id = AlertIds.ForSingleEvent("logs-endpoint.events.process-default", "ev-1", null, "default", "rule-uuid-1");
        // Computed with Node's crypto: sha256("logs-endpoint.events.process-default" + "ev-1" + "undefined" + "default:rule-uuid-1").
        Assert.Equal("69383ebd57581b91055517565e8289f351a69394954232155a206e4ad5ea34f3", id);
        Assert.Equal(TestData.Sha256("idx" + "id" + "7" + "space:r"), AlertIds.ForSingleEvent("idx", "id", 7, "space", "r"));
    }

    [Fact]
    public void BuildingBlockIdsShareABaseOverAllBlocks()
    {
        var blocks = new List<IReadOnlyList<AlertAncestor>>
        {
            new[] { AlertAncestor.ForEvent("e1", "i1") },
            new[] { AlertAncestor.ForEvent("e2", "i2") },
        };
        var ids = AlertIds.ForBuildingBlocks(blocks, "R");
        var baseText = "e1" + "i1" + "R" + "e2" + "i2" + "R";
        Assert.Equal(TestData.Sha256(baseText + "0"), ids[0]);
        Assert.Equal(TestData.Sha256(baseText + "1"), ids[1]);
    }

    [Fact]
    public void ShellIdHashesAncestorsIdIndexThenRuleUuid()
    {
        var ancestors = new[]
        {
            AlertAncestor.ForEvent("e1", "i1"),
            new AlertAncestor("bb1", "signal", "", 1, "R"),
            AlertAncestor.ForEvent("e2", "i2"),
            new AlertAncestor("bb2", "signal", "", 1, "R"),
        };
        Assert.Equal(TestData.Sha256("e1i1bb1e2i2bb2R"), AlertIds.FromAncestors(ancestors, "R"));
    }

    [Fact]
    public void RuleUuidIsUuidV5OfRuleIdInVigilNamespace()
    {
        // Python: uuid.uuid5(UUID('f00f16a1-970f-4046-8e26-b4f10f293c48'), 'afd04601-12fc-4149-9b78-9c3f8fe45d39')
        Assert.Equal("1360b42a-7092-527c-80c5-f2146d3f8a29", RuleUuid.FromRuleId("afd04601-12fc-4149-9b78-9c3f8fe45d39"));
    }

    [Fact]
    public void KibanaExportIdOverridesDerivedUuid()
    {
        Assert.Equal(TestData.RuleUuid, TestData.Rule().Uuid);
        var derived = TestData.Rule(r => r.Remove("id"));
        Assert.Equal(RuleUuid.FromRuleId("afd04601-12fc-4149-9b78-9c3f8fe45d39"), derived.Uuid);
    }
}
