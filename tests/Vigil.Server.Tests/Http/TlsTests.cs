using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Http;

/// <summary>A server with a self-signed certificate and key written as PEM files.</summary>
public sealed class TlsServer : TestServer
{
    public string Thumbprint { get; private set; } = "";

    protected override ServerOptions Configure(ServerOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=vigil-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.Thumbprint;
        string certPath = Path.Combine(options.DataDirectory, "cert.pem");
        string keyPath = Path.Combine(options.DataDirectory, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return options with { TlsCertificatePath = certPath, TlsKeyPath = keyPath };
    }

    public override HttpClient CreateClient()
    {
        var handler = new HttpClientHandler
        {
            // Trust exactly the certificate this fixture made.
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == Thumbprint,
        };
        return new HttpClient(handler) { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}

public sealed class TlsTests(TlsServer server) : IClassFixture<TlsServer>
{
    [Fact]
    public async Task The_server_speaks_https_with_the_given_certificate()
    {
        Assert.Equal("https", server.Server.BaseAddress.Scheme);
        using var response = await server.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var bulk = await server.Client.PostAsync(new Uri("/_bulk", UriKind.Relative), TestServer.Ndjson("{\"create\":{\"_index\":\"logs-tls\"}}\n{\"a\":1}\n"));
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        Assert.Single(server.Events.InIndex("logs-tls"));
        Assert.Contains(server.Log, l => l.StartsWith("tls: on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_http_to_the_tls_port_does_not_get_a_response()
    {
        using var plain = new HttpClient { BaseAddress = new Uri("http://" + server.Server.BaseAddress.Authority), Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync(new Uri("/", UriKind.Relative)));
    }
}
