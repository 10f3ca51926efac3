namespace Vigil.Agent.Osquery;

/// <summary>
/// The bounds of one query's file-system walk: at most <see cref="MaxPaths"/> paths and <see cref="MaxDepth"/>
/// levels below a '%%', so that a pattern such as '/%%' costs a bounded amount and says where it stopped.
/// </summary>
internal sealed class FileWalkBudget(List<string> warnings)
{
    /// <summary>Paths one query may stat.</summary>
    public const int MaxPaths = 100_000;

    /// <summary>Directory levels a '%%' descends, as osquery's recursive glob.</summary>
    public const int MaxDepth = 64;

    private int used;
    private bool reported;

    /// <summary>The warnings the walk adds to.</summary>
    public List<string> Warnings { get; } = warnings;

    /// <summary>Takes one path from the budget; false (reported once) when it is spent.</summary>
    public bool Take()
    {
        if (used < MaxPaths)
        {
            used++;
            return true;
        }

        if (!reported)
        {
            reported = true;
            Warnings.Add($"file: more than {MaxPaths} paths match; the rest are left out (narrow the pattern)");
        }

        return false;
    }

    /// <summary>Whether the budget is spent.</summary>
    public bool Spent => used >= MaxPaths;
}
