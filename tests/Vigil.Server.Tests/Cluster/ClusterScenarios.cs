namespace Vigil.Server.Tests.Cluster;

/// <summary>
/// The cluster scenarios (real brokers and several `vigil serve` processes each) run one after another: on 2 cores,
/// four at once made each take twice as long and put their fail-over timings beyond what they measure.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterScenarios
{
    public const string Name = "cluster scenarios";
}
