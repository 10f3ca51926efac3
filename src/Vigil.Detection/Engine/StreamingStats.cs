namespace Vigil.Detection.Engine;

/// <summary>Counts of a streaming hunt over all rules.</summary>
public sealed class StreamingStats
{
    /// <summary>Records received from the readers (fixture comment lines excluded).</summary>
    public long Records { get; set; }

    /// <summary>Records no rule's literals could match: skipped without parsing.</summary>
    public long SkippedByPrefilter { get; set; }

    /// <summary>Records pushed behind an already released event (evaluated anyway, out of order).</summary>
    public long LateEvents { get; set; }

    /// <summary>Records released early because the reorder buffer was full.</summary>
    public long ForcedReleases { get; set; }

    /// <summary>Most events held by all reorder buffers at once.</summary>
    public long PeakBuffered { get; set; }

    /// <summary>Schedule: most execution windows open at once over all rules.</summary>
    public int PeakOpenWindows { get; set; }

    /// <summary>
    /// Schedule: most rule-type state held at once over all rules (matches and groups in open windows, plus history
    /// entries and terms kept between windows).
    /// </summary>
    public long PeakHeld { get; set; }
}
