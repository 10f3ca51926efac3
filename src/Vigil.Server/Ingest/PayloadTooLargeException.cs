namespace Vigil.Server.Ingest;

/// <summary>A request body (after gzip decoding) over <see cref="ServerOptions.MaxBodyBytes"/>: answered with 413.</summary>
public sealed class PayloadTooLargeException(long limit) : Exception($"request body is larger than the limit of [{limit}] bytes (--max-body)")
{
    public long Limit { get; } = limit;
}
