namespace Vigil.Cli.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Vigil.Cli.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
