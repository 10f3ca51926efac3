using System.Runtime.CompilerServices;

// The reader's tests check which path (memory-mapped or stream) a file takes.
[assembly: InternalsVisibleTo("Vigil.Events.Tests")]
