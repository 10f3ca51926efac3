using Vigil.Rules.Guides;

namespace Vigil.OsqueryCoverage;

/// <summary>One Osquery block of one rule's guide, as <c>vigil guide</c> fills it from the sample alert.</summary>
/// <param name="RuleFile">The rule file it came from.</param>
/// <param name="RuleName">The rule's name.</param>
/// <param name="Item">The filled block: its query, and whether it is ready to run.</param>
public sealed record CorpusQuery(string RuleFile, string RuleName, OsqueryGuideItem Item);
