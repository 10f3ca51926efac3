namespace Vigil.Server.Store;

/// <summary>
/// Bytes to be placed inside an event's source at offset <see cref="At"/> when it is written: ingest adds
/// <c>event.ingested</c> this way, so a document is copied once, by the store into its write buffer, instead of
/// once more into a fresh array of its own per event. The default (nothing inserted) leaves the source as it is.
/// </summary>
public readonly record struct SourceInsertion(int At, ReadOnlyMemory<byte> Bytes)
{
    public bool IsEmpty => Bytes.IsEmpty;

    /// <summary>Bytes of <paramref name="source"/> with the insertion.</summary>
    public int LengthWith(ReadOnlySpan<byte> source) => source.Length + Bytes.Length;

    /// <summary>Writes <paramref name="source"/> with the insertion into <paramref name="target"/> (at least <see cref="LengthWith"/> long).</summary>
    public void CopyWith(ReadOnlySpan<byte> source, Span<byte> target)
    {
        if (IsEmpty)
        {
            source.CopyTo(target);
            return;
        }
        source[..At].CopyTo(target);
        Bytes.Span.CopyTo(target[At..]);
        source[At..].CopyTo(target[(At + Bytes.Length)..]);
    }

    /// <summary>A new array holding <paramref name="source"/> with the insertion (cold paths and tests).</summary>
    public byte[] ToArrayWith(ReadOnlySpan<byte> source)
    {
        var result = GC.AllocateUninitializedArray<byte>(LengthWith(source));
        CopyWith(source, result);
        return result;
    }
}
