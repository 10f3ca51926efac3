namespace Vigil.Eql.Runtime;

/// <summary>An in-flight or completed sequence: its key and the event matched at each positive stage so far.</summary>
internal sealed class PartialSequence
{
    public PartialSequence(SequenceKey key, int stageCount, int stage, MatchedEvent first)
    {
        Key = key;
        Events = new MatchedEvent?[stageCount];
        Events[stage] = first;
        Start = first.Ordinal;
        Last = first.Ordinal;
    }

    public SequenceKey Key { get; }

    public MatchedEvent?[] Events { get; }

    public EventOrdinal Start { get; }

    /// <summary>The ordinal of the latest matched event (ES's sequence ordinal).</summary>
    public EventOrdinal Last { get; private set; }

    public long CompletionIndex { get; set; }

    public void Put(int stage, MatchedEvent matched)
    {
        Events[stage] = matched;
        Last = matched.Ordinal;
    }
}
