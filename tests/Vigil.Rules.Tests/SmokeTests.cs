namespace Vigil.Rules.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Vigil.Rules.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
