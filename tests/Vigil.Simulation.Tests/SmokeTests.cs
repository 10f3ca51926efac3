namespace Vigil.Simulation.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Vigil.Simulation.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
