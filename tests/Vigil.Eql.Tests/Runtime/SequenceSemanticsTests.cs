namespace Vigil.Eql.Tests.Runtime;

/// <summary>Sequence and sample behaviours worked out by hand from ES's algorithm.</summary>
public sealed class SequenceSemanticsTests
{
    private const string Events = """
        {"@timestamp": 1, "id": 1, "event": {"category": "a"}, "user": "u1", "host": ["h1", "h2"]}
        {"@timestamp": 2, "id": 2, "event": {"category": "a"}, "user": "u1", "host": "h1"}
        {"@timestamp": 3, "id": 3, "event": {"category": "b"}, "user": "u1", "host": ["h2", "h1"]}
        {"@timestamp": 4, "id": 4, "event": {"category": "c"}, "user": "u1"}
        {"@timestamp": 9, "id": 5, "event": {"category": "b"}, "user": "u1", "host": "h1"}
        """;

    [Fact]
    public void LatestEarlierSequenceIsExtended() =>
        Assert.Equal("2,3 [u1]", QueryHarness.Ids("sequence by user [a where true] [b where true]", Events));

    [Fact]
    public void MaxspanRejectsLateEvents()
    {
        Assert.Equal("2,3 [u1]", QueryHarness.Ids("sequence by user with maxspan=1ms [a where true] [b where true]", Events));
        Assert.Equal("", QueryHarness.Ids("sequence by user with maxspan=4ms [a where true] [b where id == 5]", Events));
        Assert.Equal("2,5 [u1]", QueryHarness.Ids("sequence by user with maxspan=7ms [a where true] [b where id == 5]", Events));
    }

    [Fact]
    public void MultiValuedKeysExpand() =>
        Assert.Equal("1,3 [h2] | 2,3 [h1]", QueryHarness.Ids("sequence by host [a where true] [b where true]", Events));

    [Fact]
    public void UntilDropsInFlightSequences() =>
        Assert.Equal("", QueryHarness.Ids("sequence by user [a where true] [b where id == 5] until [c where true]", Events));

    [Fact]
    public void MissingEventsAreMarkedAndCheckedBetweenNeighbours()
    {
        Assert.Equal("2,-1,3 [u1]", QueryHarness.Ids("sequence by user [a where true] ![c where true] [b where true]", Events));
        Assert.Equal("", QueryHarness.Ids("sequence by user [a where true] ![c where true] [b where id == 5]", Events));
    }

    [Fact]
    public void NonOptionalKeyWithoutValueExcludesTheEventOptionalOneIsNull()
    {
        Assert.Equal("", QueryHarness.Ids("sequence by other [a where id == 1] [c where true]", Events));
        Assert.Equal("1,4 [null]", QueryHarness.Ids("sequence by ?other [a where id == 1] [c where true]", Events));
    }

    [Fact]
    public void SamplesGroupByKeyInKeyOrder() =>
        Assert.Equal("1,3 [h1] | 1,3 [h2]", QueryHarness.Ids("sample by host [a where true] [b where true]", Events));
}
