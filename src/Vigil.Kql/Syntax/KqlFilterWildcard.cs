using Vigil.Eql.Syntax;

namespace Vigil.Kql.Syntax;

/// <summary>
/// An Elasticsearch <c>wildcard</c> query from a rule's filter (Kibana filter bar), which KQL cannot spell: <c>*</c>
/// and <c>?</c> wildcards, <c>\</c> escapes, optionally case-insensitive. Only ever built by <see cref="KqlFilters"/>.
/// </summary>
public sealed record KqlFilterWildcard(SourceSpan Span, string Field, string Pattern, bool CaseInsensitive) : KqlNode(Span);
