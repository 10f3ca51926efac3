namespace Vigil.Eql.QuerySets;

/// <summary>
/// One stage requirement of a query in a <see cref="QuerySet"/>, by literal id: all of <see cref="Sets"/> must have an
/// alternative present. <see cref="Anchor"/> is the set it is indexed under (so it is known present when checked).
/// </summary>
internal sealed record SetRequirement(int Query, int[][] Sets, int Anchor);
