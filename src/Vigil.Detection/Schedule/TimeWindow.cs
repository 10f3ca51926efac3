namespace Vigil.Detection.Schedule;

/// <summary>One search range of a rule execution, inclusive at both ends (Kibana's <c>gte</c>/<c>lte</c>).</summary>
public readonly record struct TimeWindow(DateTimeOffset From, DateTimeOffset To)
{
    public bool Contains(DateTimeOffset t) => t >= From && t <= To;
}
