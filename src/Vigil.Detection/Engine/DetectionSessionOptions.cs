using Vigil.Detection.Alerts;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.Engine;

/// <summary>How a <see cref="DetectionSession"/> receives events and hands out what it decides.</summary>
public sealed record DetectionSessionOptions
{
    /// <summary>Index for events without an envelope <c>_index</c> or a <c>data_stream</c> (<c>--index</c>).</summary>
    public string? DefaultIndex { get; init; }

    /// <summary>How long (event time) and how many events wait to be put in time order.</summary>
    public ReorderOptions Reorder { get; init; } = ReorderOptions.Default;

    /// <summary>
    /// Called with each alert as soon as it is decided (a schedule window searched, a follow-mode match, or a hunt
    /// at its end), before anything later can fail; <see cref="DetectionSession.Finish"/> still returns them all.
    /// </summary>
    public Action<PreparedRule, AlertDocument>? OnAlert { get; init; }

    /// <summary>
    /// Follow mode (hunt only): matches are written as they complete instead of at the end of the input, without
    /// max_signals (which needs the whole search). Events still wait in the reorder buffer; <see cref="DetectionSession.Flush"/>
    /// releases them when the input is idle.
    /// </summary>
    public bool Follow { get; init; }

    /// <summary>
    /// Where an event's envelope identity comes from when the input does not carry it (e.g. a service's segment
    /// files): index and <c>_id</c> by origin and line, null to use the record's own. Optional.
    /// </summary>
    public Func<string, long, (string Index, string Id)?>? EnvelopeResolver { get; init; }
}
