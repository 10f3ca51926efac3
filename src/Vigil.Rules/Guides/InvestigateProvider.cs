namespace Vigil.Rules.Guides;

/// <summary>One condition of an Investigate button's provider group (Kibana's data provider).</summary>
/// <param name="Field">The event field.</param>
/// <param name="Excluded">True when the condition is negated.</param>
/// <param name="QueryType">"phrase", "range", "exists"…</param>
/// <param name="Value">The value, possibly a <c>{{field}}</c> placeholder.</param>
/// <param name="ValueType">"string", "boolean", "number"…</param>
public sealed record InvestigateProvider(string Field, bool Excluded, string QueryType, string Value, string ValueType);
