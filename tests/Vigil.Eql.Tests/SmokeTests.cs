namespace Vigil.Eql.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Vigil.Eql.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
