namespace Vigil.Server;

/// <summary>
/// A worker's NATS credentials and TLS settings (docs/cluster.md): at most one of user + password, token, or a
/// <c>.creds</c> file (JWT + NKey seed, as <c>nsc</c> writes them); TLS when a CA, a client certificate or a
/// <c>tls://</c> URL is given.
/// </summary>
public sealed record NatsSecurity
{
    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Token { get; init; }

    public string? CredsFile { get; init; }

    /// <summary>PEM file of the CA (or self-signed certificate) the brokers' certificates must chain to.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>PEM client certificate and key, for brokers that verify clients (<c>verify: true</c>).</summary>
    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>True when the connection must be TLS (a CA or a client certificate was given).</summary>
    public bool RequiresTls => TlsCaFile is not null || TlsCertFile is not null;

    /// <summary>How the worker authenticates, for the start-up log (never the secret).</summary>
    public string Describe() =>
        (User is not null ? $"user {User}" : Token is not null ? "token" : CredsFile is not null ? $"creds {CredsFile}" : "no credentials")
        + (RequiresTls ? ", TLS" + (TlsCertFile is not null ? " with a client certificate" : "") : "");
}
