namespace Vigil.Cli.Output;

/// <summary>Kibana's four alert severities, in order, for <c>--min-severity</c> and <c>--sort severity</c>.</summary>
public static class Severity
{
    public static readonly IReadOnlyList<string> Names = ["low", "medium", "high", "critical"];

    /// <summary>0 for low up to 3 for critical; -1 for anything else (such a value is never filtered out as "lower").</summary>
    public static int Rank(string? severity) => severity is null ? -1 : IndexOf(severity.ToLowerInvariant());

    private static int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }
}
