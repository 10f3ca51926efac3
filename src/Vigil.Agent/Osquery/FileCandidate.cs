namespace Vigil.Agent.Osquery;

/// <summary>
/// One path the <c>file</c> table will stat, with the <c>directory</c> value its row carries: for a path
/// constraint the path's parent, for a directory constraint the directory exactly as the query (or the glob) gave it.
/// </summary>
/// <param name="Path">The path, as osquery forms it (glob results of directories end in '/').</param>
/// <param name="Directory">The row's directory column.</param>
internal readonly record struct FileCandidate(string Path, string Directory);
