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

    private PartialSequence(PartialSequence other)
    {
        Key = other.Key;
        Events = (MatchedEvent?[])other.Events.Clone();
        Start = other.Start;
        Last = other.Last;
    }

    /// <summary>A copy that can go on alone (Endgame <c>fork</c>: the original stays for another match).</summary>
    public PartialSequence Fork() => new(this);

    public SequenceKey Key { get; }

    public MatchedEvent?[] Events { get; }

    public EventOrdinal Start { get; }

    /// <summary>The ordinal of the latest matched event (ES's sequence ordinal).</summary>
    public EventOrdinal Last { get; private set; }

    public long CompletionIndex { get; set; }

    /// <summary>The bytes this sequence is counted for in its matcher's budget while it is open (0 when it is not).</summary>
    public long Accounted { get; set; }

    /// <summary>
    /// Estimated bytes the open sequence holds: its events' copies (shared copies are counted for each holder: an
    /// over-estimate, so the budget errs on the safe side) and the objects around them.
    /// </summary>
    public long EstimateBytes()
    {
        long bytes = 96 + 8L * Events.Length;
        foreach (var e in Events)
        {
            if (e is not null)
            {
                bytes += 120 + e.Source.Length;
            }
        }
        return bytes;
    }

    public void Put(int stage, MatchedEvent matched)
    {
        Events[stage] = matched;
        Last = matched.Ordinal;
    }
}
