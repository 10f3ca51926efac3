using System.Net;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Http;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:9200", "127.0.0.1", 9200, true)]
    [InlineData("127.0.0.2:0", "127.0.0.2", 0, true)]
    [InlineData("localhost:9201", "127.0.0.1", 9201, true)]
    [InlineData("[::1]:9200", "::1", 9200, true)]
    [InlineData("[::]:9200", "::", 9200, false)]
    [InlineData("0.0.0.0:9200", "0.0.0.0", 9200, false)]
    [InlineData(":9200", "::", 9200, false)]
    [InlineData("192.168.1.5:80", "192.168.1.5", 80, false)]
    public void Addresses_parse_with_their_loopback_status(string text, string address, int port, bool loopback)
    {
        Assert.True(ListenAddress.TryParse(text, out var parsed, out string? error), error);
        Assert.Equal(IPAddress.Parse(address), parsed!.Address);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(loopback, parsed.IsLoopback);
    }

    [Theory]
    [InlineData("9200")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("::1:9200")]
    [InlineData("example.com:9200")]
    [InlineData("127.0.0.1:-1")]
    public void Bad_addresses_are_refused_with_a_reason(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out string? error));
        Assert.Contains(text.Trim(), error, StringComparison.Ordinal);
    }
}
