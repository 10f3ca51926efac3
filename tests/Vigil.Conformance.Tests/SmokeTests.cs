namespace Vigil.Conformance.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Vigil.Conformance.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
