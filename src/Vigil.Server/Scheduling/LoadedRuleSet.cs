using Vigil.Detection.Engine;
using Vigil.Detection.Exceptions;

namespace Vigil.Server.Scheduling;

/// <summary>What one load of <c>--rules</c> and <c>--exceptions</c> gave: the rules that can run and the exception lists.</summary>
/// <remarks><see cref="Sources"/> keeps each loaded rule's definition by rule_id (its guide and localised notes).</remarks>
public sealed record LoadedRuleSet(IReadOnlyList<PreparedRule> Rules, ExceptionListSet Exceptions, IReadOnlyList<string> Problems,
    IReadOnlyDictionary<string, Vigil.Rules.Rule>? Sources = null)
{
    /// <summary>
    /// Loads through the detection layer's <see cref="RuleSetLoader"/>, the loader <c>vigil scan</c> uses, leaving out
    /// disabled rules as Kibana's scheduler does; one log line per rule, then the totals.
    /// </summary>
    public static LoadedRuleSet Load(IReadOnlyList<string> rulePaths, IReadOnlyList<string> exceptionPaths, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var set = RuleSetLoader.Load(rulePaths, exceptionPaths, log, skipDisabled: true);
        var problems = set.Problems.Select(p => p.ToString()).Concat(set.CannotRun).Concat(set.ExceptionErrors).ToList();
        log($"{set.Prepared.Count} rule(s) scheduled, {set.Exceptions.Items.Count} shared exception item(s)");
        return new LoadedRuleSet(set.Prepared, set.Exceptions, problems, set.Sources);
    }
}
