using System.Buffers;

namespace Vigil.Server.Store;

/// <summary>A reusable, growable byte buffer from the shared pool: one group commit's bytes for one file.</summary>
internal sealed class ByteBuffer : IDisposable
{
    private byte[] bytes;

    public ByteBuffer(int capacity) => bytes = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => bytes.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => bytes.AsMemory(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Space for at least <paramref name="count"/> more bytes; call <see cref="Advance"/> with what was used.</summary>
    public Span<byte> Reserve(int count)
    {
        if (bytes.Length - Length < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length * 2, Length + count));
            bytes.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(bytes);
            bytes = larger;
        }
        return bytes.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void Append(ReadOnlySpan<byte> data)
    {
        data.CopyTo(Reserve(data.Length));
        Length += data.Length;
    }

    public void Append(byte value)
    {
        Reserve(1)[0] = value;
        Length++;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(bytes);
        bytes = [];
        Length = 0;
    }
}
