using System.Diagnostics;

namespace Vigil.Agent.Tests.Sensor;

/// <summary>
/// A network namespace this test creates, joined to the host by a veth pair with addresses from 2001:db8::/32
/// (documentation space) on both ends: traffic to <see cref="InsideAddress"/> never leaves this machine. Torn down
/// on dispose, also when the test fails.
/// </summary>
internal sealed class TestNetNamespace : IDisposable
{
    private readonly string hostVeth;

    public TestNetNamespace()
    {
        var tag = Environment.ProcessId.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(0x1000, 0xffff).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        Name = "vigil-t-" + tag;
        hostVeth = "vgh" + tag;
        var inner = "vgn" + tag;
        var block = Random.Shared.Next(0x1000, 0xffff).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        HostAddress = $"2001:db8:{block}::1";
        InsideAddress = $"2001:db8:{block}::2";
        try
        {
            Ip($"netns add {Name}");
            Ip($"link add {hostVeth} type veth peer name {inner}");
            Ip($"link set {inner} netns {Name}");
            Ip($"addr add {HostAddress}/64 dev {hostVeth} nodad");
            Ip($"link set {hostVeth} up");
            Ip($"-n {Name} addr add {InsideAddress}/64 dev {inner} nodad");
            Ip($"-n {Name} link set {inner} up");
            Ip($"-n {Name} link set lo up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    public string HostAddress { get; }

    public string InsideAddress { get; }

    /// <summary>Starts <paramref name="program"/> inside the namespace.</summary>
    public Process Start(string program, params string[] args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", Name, program }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info)!;
    }

    public void Dispose()
    {
        // Deleting the namespace deletes its veth end, which deletes the pair.
        TryIp($"link del {hostVeth}");
        TryIp($"netns del {Name}");
    }

    private static void Ip(string args)
    {
        var (code, error) = Run(args);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {args} failed ({code}): {error}");
        }
    }

    private static void TryIp(string args) => Run(args);

    private static (int Code, string Error) Run(string args)
    {
        var info = new ProcessStartInfo("ip", args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(info)!;
        var error = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit(10_000);
        return (p.ExitCode, error.Trim());
    }
}
