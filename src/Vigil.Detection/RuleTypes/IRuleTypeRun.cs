using Vigil.Detection.Schedule;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// One rule's executions over one input, oldest first: holds what Kibana keeps between executions (threshold's
/// signal history) and answers each search window.
/// </summary>
public interface IRuleTypeRun
{
    /// <param name="window">The search range; <paramref name="bounded"/> false in a hunt without --from/--to (every event counts).</param>
    WindowResult Search(TimeWindow window, DateTimeOffset startedAt, bool bounded);
}
