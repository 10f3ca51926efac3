using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Agent.Tests.Osquery;

public sealed class SocketTablesTests
{
    private static readonly string Pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void OurTcpListenerIsInListeningPortsWithOurPid()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var rows = HostQuery.Rows($"SELECT pid, port, protocol, family, address, fd, socket FROM listening_ports WHERE port = {port}");

        var row = Assert.Single(rows, r => r["protocol"] == "6");
        Assert.Equal(Pid, row["pid"]);
        Assert.Equal("127.0.0.1", row["address"]);
        Assert.Equal("2", row["family"]);
        // The fd column names a real descriptor of ours, and it is the listening socket.
        Assert.Matches(@"^socket:\[" + row["socket"] + @"\]$", new FileInfo($"/proc/self/fd/{row["fd"]}").LinkTarget!);
    }

    [Fact]
    public void AConnectionShowsInProcessOpenSocketsOnBothEndsAndNotInListeningPorts()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new TcpClient(AddressFamily.InterNetwork); // the default is a dual-mode IPv6 socket
        client.Connect(IPAddress.Loopback, port);
        using var accepted = listener.AcceptTcpClient();
        int clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;

        var rows = HostQuery.Rows(
            $"SELECT pid, family, protocol, local_address, local_port, remote_address, remote_port, state FROM process_open_sockets WHERE local_port = {port} OR remote_port = {port}");

        Assert.Contains(rows, r => r["pid"] == Pid && r["local_port"] == port.ToString(CultureInfo.InvariantCulture) && r["remote_port"] == "0" && r["state"] == "LISTEN");
        Assert.Contains(rows, r => r["pid"] == Pid && r["local_port"] == clientPort.ToString(CultureInfo.InvariantCulture) && r["remote_port"] == port.ToString(CultureInfo.InvariantCulture)
            && r["state"] == "ESTABLISHED" && r["remote_address"] == "127.0.0.1" && r["family"] == "2" && r["protocol"] == "6");
        Assert.Contains(rows, r => r["pid"] == Pid && r["local_port"] == port.ToString(CultureInfo.InvariantCulture) && r["remote_port"] == clientPort.ToString(CultureInfo.InvariantCulture) && r["state"] == "ESTABLISHED");

        var listening = HostQuery.Rows($"SELECT port FROM listening_ports WHERE port = {clientPort} AND protocol = 6");
        Assert.Empty(listening);
    }

    [Fact]
    public void Ipv6AndUdpSocketsAreRead()
    {
        using var tcp6 = new TcpListener(IPAddress.IPv6Loopback, 0);
        tcp6.Start();
        int tcpPort = ((IPEndPoint)tcp6.LocalEndpoint).Port;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int udpPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;

        var rows = HostQuery.Rows($"SELECT pid, port, protocol, family, address FROM listening_ports WHERE port IN ({tcpPort}, {udpPort})");

        Assert.Contains(rows, r => r["port"] == tcpPort.ToString(CultureInfo.InvariantCulture) && r["family"] == "10" && r["address"] == "::1" && r["protocol"] == "6" && r["pid"] == Pid);
        Assert.Contains(rows, r => r["port"] == udpPort.ToString(CultureInfo.InvariantCulture) && r["family"] == "2" && r["address"] == "127.0.0.1" && r["protocol"] == "17" && r["pid"] == Pid);
    }

    [Theory]
    [InlineData("0100007F:1F90", "127.0.0.1", 8080)]
    [InlineData("00000000:0016", "0.0.0.0", 22)]
    [InlineData("00000000000000000000000001000000:0035", "::1", 53)]
    [InlineData("0000000000000000FFFF00000100007F:01BB", "::ffff:127.0.0.1", 443)]
    [InlineData("B80D0120000000000000000001000000:0050", "2001:db8::1", 80)]
    public void ProcNetAddressesAreDecoded(string text, string address, long port)
    {
        // Expected values worked out by hand from proc(5): each 32-bit word printed as a little-endian number.
        Assert.True(Vigil.Agent.Osquery.SocketInventory.TryEndpoint(text, out string decoded, out long decodedPort));
        Assert.Equal(address, decoded);
        Assert.Equal(port, decodedPort);
    }
}
