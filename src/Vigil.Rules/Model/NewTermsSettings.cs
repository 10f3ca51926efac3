using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>The settings of a <c>new_terms</c> rule: the fields and how far back the history reaches.</summary>
public sealed record NewTermsSettings(ValueList<string> Fields, string HistoryWindowStart);
