namespace Vigil.Server.Tests.Triage;

/// <summary>One browser at a time: Chromium is heavy on a two-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TriageBrowserCollection
{
    public const string Name = "Triage browser";
}
