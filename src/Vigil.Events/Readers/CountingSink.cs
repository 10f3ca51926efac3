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

    /// <summary>A record a worker filter kept, with its tags (plain <see cref="Accept"/> when the sink takes no tags).</summary>
    public void AcceptTagged(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<int> tags)
    {
        Records++;
        if (inner is ITaggedRecordSink tagged)
        {
            tagged.AcceptTagged(origin, source, tags);
        }
        else
        {
            inner.Accept(origin, source, default, default);
        }
    }

    /// <summary>Records read and not delivered; passed on to a sink that observes them.</summary>
    public void Skipped(long records, long bytesRead) => (inner as ISkipObserver)?.Skipped(records, bytesRead);

    public void Reject(InputError error)
    {
        Errors++;
        inner.Reject(error);
    }
}
