using Vigil.Detection.Rules;

namespace Vigil.Detection.Engine;

/// <summary>
/// The range times of the line being offered to the schedule's rules, read once per distinct pair of timestamp
/// fields (primary, secondary) instead of once per rule: most corpus rules read <c>event.ingested</c> then
/// <c>@timestamp</c>, a dotted path that <see cref="RangeTimeReader"/> can only read from a parsed document, so with
/// 1,600 rules the per-rule read was 1,600 parses of every line.
/// </summary>
internal sealed class LineRangeTimes
{
    private readonly Dictionary<(string Primary, string? Secondary), int> slots = [];
    private readonly List<Slot> readers = [];
    private long line;

    /// <summary>The slot of a rule's timestamp fields (rules with the same fields share it).</summary>
    public int SlotOf(DetectionRule rule)
    {
        var key = (rule.PrimaryTimestamp, rule.SecondaryTimestamp);
        if (!slots.TryGetValue(key, out var slot))
        {
            slot = readers.Count;
            slots[key] = slot;
            readers.Add(new Slot(new RangeTimeReader(rule)));
        }
        return slot;
    }

    /// <summary>A new line: every slot reads it again when asked.</summary>
    public void NextLine() => line++;

    /// <summary><see cref="RangeTimeReader.TryRead"/> for the current line, remembered until <see cref="NextLine"/>.</summary>
    public bool TryRead(int slot, ReadOnlySpan<byte> source, out DateTimeOffset? time, out string? error)
    {
        var s = readers[slot];
        if (s.Line != line)
        {
            s.Line = line;
            s.Ok = s.Reader.TryRead(source, out s.Time, out s.Error);
        }
        time = s.Time;
        error = s.Error;
        return s.Ok;
    }

    private sealed class Slot(RangeTimeReader reader)
    {
        public RangeTimeReader Reader { get; } = reader;
        public long Line = -1;
        public bool Ok;
        public DateTimeOffset? Time;
        public string? Error;
    }
}
