using Vigil.Eql.Runtime;

namespace Vigil.Eql.QuerySets;

/// <summary>
/// One stage requirement of a query in a <see cref="QuerySet"/>, by literal id: all of <see cref="Sets"/> must have an
/// alternative present. <see cref="Anchor"/> is the set it is indexed under (so it is known present when checked).
/// <see cref="Stages"/> are the predicates of the stages it guards: a line that meets only this requirement can only
/// match these stages, so only they are evaluated (null: the whole query is evaluated).
/// </summary>
internal sealed record SetRequirement(int Query, int[][] Sets, int Anchor, Func<EvalContext, bool>[]? Stages);
