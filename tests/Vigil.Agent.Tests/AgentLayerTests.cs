namespace Vigil.Agent.Tests;

public sealed class AgentLayerTests
{
    [Fact]
    public void EventsNameTheAgent() => Assert.Equal("vigil-agent", AgentLayer.AgentType);
}
