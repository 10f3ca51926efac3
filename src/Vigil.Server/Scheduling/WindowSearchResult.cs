using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;

namespace Vigil.Server.Scheduling;

/// <summary>One window's streaming pass: the hunt's result and its alerts split by rule (in the order the rules were given).</summary>
public sealed record WindowSearchResult(
    ScanResult Result,
    IReadOnlyList<IReadOnlyList<AlertDocument>> AlertsByRule,
    int Segments,
    long Records,
    long LateEvents,
    IReadOnlyList<string> Problems,
    TimeSpan Elapsed);
