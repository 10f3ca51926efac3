using Vigil.Detection.Exceptions;
using Vigil.Detection.Rules;

namespace Vigil.Detection.Engine;

/// <summary>A rule's exception items (shared ones, then its own lists), with Kibana's pre-execution messages.</summary>
internal static class RuleExceptions
{
    public static ExceptionMatcher Build(DetectionRule rule, ScanOptions options, DateTimeOffset startedAt, Action<RuleMessage> message)
    {
        var items = new List<ExceptionItem>(options.SharedExceptions);
        foreach (var reference in rule.ExceptionsList)
        {
            if (options.ExceptionLists is { } lists && lists.HasList(reference.ListId))
            {
                items.AddRange(lists.ItemsOf(reference.ListId));
            }
            else
            {
                message(new RuleMessage(rule.RuleId, rule.Name, null, false,
                    $"exception list \"{reference.ListId}\" was not loaded (give its export with --exceptions); its items are not applied"));
            }
        }
        var matcher = new ExceptionMatcher(items, startedAt);
        if (matcher.UnappliedWarning is { } unapplied)
        {
            message(new RuleMessage(rule.RuleId, rule.Name, null, false, unapplied));
        }
        return matcher;
    }
}
