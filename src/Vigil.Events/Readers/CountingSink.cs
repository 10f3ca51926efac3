namespace Vigil.Events.Readers;

/// <summary>Counts what passes through to the real sink.</summary>
internal sealed class CountingSink(IRecordSink inner) : IRecordSink
{
    public long Records { get; private set; }

    public long Errors { get; private set; }

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        Records++;
        inner.Accept(origin, source, index, id);
    }

    public void Reject(InputError error)
    {
        Errors++;
        inner.Reject(error);
    }
}
