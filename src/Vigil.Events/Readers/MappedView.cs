using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Vigil.Events.Readers;

/// <summary>One mapped stretch of a <see cref="MappedFile"/>, as memory; disposing it unmaps it.</summary>
internal sealed unsafe class MappedView : MemoryManager<byte>
{
    private readonly MemoryMappedViewAccessor accessor;
    private readonly byte* pointer;
    private readonly int length;
    private bool disposed;

    public MappedView(MemoryMappedViewAccessor accessor, int length)
    {
        this.accessor = accessor;
        this.length = length;
        byte* start = null;
        accessor.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        pointer = start + accessor.PointerOffset;
    }

    public ReadOnlySpan<byte> Bytes => new(pointer, length);

    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        accessor.SafeMemoryMappedViewHandle.ReleasePointer();
        accessor.Dispose();
    }
}
