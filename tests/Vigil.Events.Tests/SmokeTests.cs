namespace Vigil.Events.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Vigil.Events.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
