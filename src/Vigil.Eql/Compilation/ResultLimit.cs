namespace Vigil.Eql.Compilation;

/// <summary>A <c>head N</c> (<see cref="FromTail"/> false) or <c>tail N</c> pipe.</summary>
public sealed record ResultLimit(int Count, bool FromTail);
