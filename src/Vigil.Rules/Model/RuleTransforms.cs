using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>The <c>[transform]</c> table: entries that fill <c>$osquery_N</c> and <c>$investigate_N</c> in notes.</summary>
public sealed record RuleTransforms(ValueList<OsqueryTransform> Osquery, ValueList<InvestigateTransform> Investigate)
{
    public static RuleTransforms Empty { get; } = new(ValueList<OsqueryTransform>.Empty, ValueList<InvestigateTransform>.Empty);

    public bool IsEmpty => Osquery.Count == 0 && Investigate.Count == 0;
}
