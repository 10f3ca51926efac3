namespace Vigil.Detection.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Vigil.Detection.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
