using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NATS.Client.Core;
using Vigil.Cluster.Tests;
using Vigil.Server.Tests.EndToEnd;
using Vigil.Server.Tests.Scheduling;

namespace Vigil.Server.Tests.Cluster;

/// <summary>
/// `vigil serve --nats` against a nats-server that wants a user and password, and one that serves TLS with a
/// self-signed certificate made here: the right settings join the cluster; a wrong password or an untrusted
/// certificate ends the start with exit 1 and a sentence that says which, within seconds rather than a hang.
/// </summary>
[Collection(ClusterScenarios.Name)]
public sealed class NatsSecurityTests
{
    private static readonly DateTimeOffset ClockStart = new(2026, 11, 27, 7, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_user_and_password_join_and_a_wrong_password_is_a_clear_start_up_error()
    {
        using var folder = new TempFolder();
        var passwordFile = folder.Sub("password");
        await File.WriteAllTextAsync(passwordFile, "s3cret-pass\n");
        await using var nats = await NatsBrokers.StartAsync(1, 8, """authorization { user: vigil, password: "s3cret-pass" }""",
            NatsOpts.Default with { AuthOpts = NatsAuthOpts.Default with { Username = "vigil", Password = "s3cret-pass" } });

        using (var worker = await VigilProcess.StartServeAsync(folder.Sub("w0"), ClockStart,
            "--nats", nats.Urls, "--partitions", "8", "--worker-id", "w0", "--lease-ttl", "3s", "--nats-user", "vigil", "--nats-password", "@" + passwordFile))
        {
            using var client = new ServeClient(worker.BaseAddress);
            using var status = await client.GetJsonAsync("/_vigil/cluster");
            Assert.Equal("w0", status.RootElement.GetProperty("worker").GetString());
            Assert.Contains(worker.Log, l => l.Contains("(user vigil)", StringComparison.Ordinal));
        }

        var watch = Stopwatch.StartNew();
        var (exit, _, stderr) = await VigilProcess.RunAsync("serve", "--rules", Fakes.RepoFiles.PathOf("rules"), "--data", folder.Sub("w1"), "--listen", "127.0.0.1:0",
            "--nats", nats.Urls, "--partitions", "8", "--worker-id", "w1", "--nats-user", "vigil", "--nats-password", "not-the-pass-77");
        Assert.Equal(1, exit);
        Assert.Contains("refused this worker's credentials", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-pass-77", stderr, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(40), $"a refused login took {watch.Elapsed} to end the start");
    }

    [Fact]
    public async Task Tls_with_the_brokers_ca_joins_and_an_untrusted_certificate_is_a_clear_start_up_error()
    {
        using var folder = new TempFolder();
        var (certPath, keyPath) = SelfSigned(folder);
        await using var nats = await NatsBrokers.StartAsync(1, 8, $$"""tls { cert_file: "{{certPath}}", key_file: "{{keyPath}}" }""",
            NatsOpts.Default with { TlsOpts = NatsTlsOpts.Default with { Mode = TlsMode.Require, CaFile = certPath } });

        using (var worker = await VigilProcess.StartServeAsync(folder.Sub("w0"), ClockStart,
            "--nats", nats.Urls, "--partitions", "8", "--worker-id", "w0", "--lease-ttl", "3s", "--nats-tls-ca", certPath))
        {
            using var client = new ServeClient(worker.BaseAddress);
            using var status = await client.GetJsonAsync("/_vigil/cluster");
            Assert.Equal("w0", status.RootElement.GetProperty("worker").GetString());
        }

        var watch = Stopwatch.StartNew();
        var (exit, _, stderr) = await VigilProcess.RunAsync("serve", "--rules", Fakes.RepoFiles.PathOf("rules"), "--data", folder.Sub("w1"), "--listen", "127.0.0.1:0",
            "--nats", nats.Urls, "--partitions", "8", "--worker-id", "w1");
        Assert.Equal(1, exit);
        Assert.Contains("--nats", stderr, StringComparison.Ordinal);
        Assert.True(stderr.Contains("TLS", StringComparison.Ordinal) || stderr.Contains("certificate", StringComparison.OrdinalIgnoreCase), stderr);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(40), $"an untrusted certificate took {watch.Elapsed} to end the start");
    }

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, as PEM certificate and key files.</summary>
    private static (string Cert, string Key) SelfSigned(TempFolder folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=vigil-test-nats", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = folder.Sub("nats-cert.pem");
        var keyPath = folder.Sub("nats-key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }
}
