using System.Buffers;

namespace Vigil.Server.Ingest;

/// <summary>A request body in an array rented from the shared pool; disposing gives the array back, so nothing may hold <see cref="Memory"/> after that.</summary>
public sealed class RentedBody(byte[] array, int length) : IDisposable
{
    private byte[]? array = array;

    public ReadOnlyMemory<byte> Memory => (array ?? throw new ObjectDisposedException(nameof(RentedBody))).AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => Memory.Span;

    public int Length { get; } = length;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref array, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
