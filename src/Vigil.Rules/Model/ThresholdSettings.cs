using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>The settings of a <c>threshold</c> rule.</summary>
public sealed record ThresholdSettings(ValueList<string> Field, long Value, ValueList<ThresholdCardinality> Cardinality);
