using Vigil.Detection.Engine;
using Vigil.Detection.Exceptions;

namespace Vigil.Server.Scheduling;

/// <summary>What one load of <c>--rules</c> and <c>--exceptions</c> gave: the rules that can run and the exception lists.</summary>
/// <remarks><see cref="Sources"/> keeps each loaded rule's definition by rule_id (its guide and localised notes).</remarks>
public sealed record LoadedRuleSet(IReadOnlyList<PreparedRule> Rules, ExceptionListSet Exceptions, IReadOnlyList<string> Problems,
    IReadOnlyDictionary<string, Vigil.Rules.Rule>? Sources = null);
