using NATS.Client.Core;

namespace Vigil.Server.Cluster;

/// <summary>The NATS.Net options of a worker's connection: its URLs and name, credentials and TLS.</summary>
public static class NatsConnectionOptions
{
    public static NatsOpts For(IReadOnlyList<string> urls, string name, NatsSecurity security)
    {
        ArgumentNullException.ThrowIfNull(security);
        var auth = NatsAuthOpts.Default;
        if (security.User is not null)
        {
            auth = auth with { Username = security.User, Password = security.Password };
        }
        else if (security.Token is not null)
        {
            auth = auth with { Token = security.Token };
        }
        else if (security.CredsFile is not null)
        {
            auth = auth with { CredsFile = security.CredsFile };
        }
        var tls = NatsTlsOpts.Default;
        if (security.RequiresTls)
        {
            tls = tls with { Mode = TlsMode.Require, CaFile = security.TlsCaFile, CertFile = security.TlsCertFile, KeyFile = security.TlsKeyFile };
        }
        return NatsOpts.Default with
        {
            Url = string.Join(",", urls),
            Name = name,
            AuthOpts = auth,
            TlsOpts = tls,
            // A refused login must end the start (a clear error), not be retried for ever.
            RetryOnInitialConnect = false,
        };
    }
}
