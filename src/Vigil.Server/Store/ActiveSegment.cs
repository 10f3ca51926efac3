using Microsoft.Win32.SafeHandles;

namespace Vigil.Server.Store;

/// <summary>
/// The one segment being appended to. Each group commit writes its event lines and envelope lines at the files'
/// ends and fsyncs both before anyone is acknowledged; a failed write is cut back off so the files stay whole.
/// Only the store's writer and its seal path touch it, under the store's lock.
/// </summary>
internal sealed class ActiveSegment : IDisposable
{
    private readonly SafeFileHandle events;
    private readonly SafeFileHandle envelopes;
    private SegmentTimes times;
    // The events file's direct writer, or null: writes then go through the page cache (see DirectAppendFile).
    private DirectAppendFile? direct;

    private ActiveSegment(SegmentFiles files, SafeFileHandle events, SafeFileHandle envelopes, DirectAppendFile? direct, long createdTicks)
    {
        Files = files;
        this.events = events;
        this.envelopes = envelopes;
        this.direct = direct;
        CreatedTicks = createdTicks;
    }

    /// <summary>Whether the events file is written with O_DIRECT (false where the file system refuses it).</summary>
    public bool WritesDirect => direct is not null;

    public SegmentFiles Files { get; }

    public long CreatedTicks { get; }

    public long Events { get; private set; }

    public long Bytes { get; private set; }

    public long EnvelopeBytes { get; private set; }

    public SegmentTimes Times => times;

    /// <summary>A failed write could not be cut back off: nothing more may be appended to these files.</summary>
    public bool Damaged { get; private set; }

    /// <summary>
    /// Creates both files (the sidecar first: an event file never exists without one) and makes the names durable;
    /// with <paramref name="directWrites"/> the events file is written with O_DIRECT where the file system allows it.
    /// </summary>
    public static ActiveSegment Create(SegmentFiles files, long createdTicks, bool directWrites)
    {
        var envelopes = File.OpenHandle(files.Envelopes, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        SafeFileHandle events;
        try
        {
            events = File.OpenHandle(files.Events, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        }
        catch
        {
            envelopes.Dispose();
            throw;
        }
        DirectorySync.Flush(files.Directory);
        return new ActiveSegment(files, events, envelopes, directWrites ? DirectAppendFile.TryOpen(files.Events) : null, createdTicks);
    }

    /// <summary>Appends one group and makes both files durable (fdatasync); on failure cuts them back and rethrows.</summary>
    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> eventLines, IReadOnlyList<ReadOnlyMemory<byte>> envelopeLines, long count, in SegmentTimes groupTimes)
    {
        long eventBytes = 0, envelopeBytes = 0;
        foreach (var piece in eventLines)
        {
            eventBytes += piece.Length;
        }
        foreach (var piece in envelopeLines)
        {
            envelopeBytes += piece.Length;
        }
        try
        {
            WriteEvents(eventLines);
            RandomAccess.Write(envelopes, envelopeLines, EnvelopeBytes);
            DataSync.Flush(events);
            DataSync.Flush(envelopes);
        }
        catch
        {
            // Cut back to what was there, so the next group appends after whole lines; if even that fails the
            // store stops writing (recovery on the next open makes the files agree again).
            try
            {
                RandomAccess.SetLength(events, Bytes);
                RandomAccess.SetLength(envelopes, EnvelopeBytes);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Damaged = true;
            }
            throw;
        }
        Bytes += eventBytes;
        EnvelopeBytes += envelopeBytes;
        Events += count;
        times.Merge(groupTimes);
    }

    /// <summary>
    /// The events: directly from the aligned buffer, or with one gathering write (pwritev) through the page cache.
    /// A file system that accepts O_DIRECT at open but refuses the writes (EINVAL) gets page-cache writes from then on.
    /// </summary>
    private void WriteEvents(IReadOnlyList<ReadOnlyMemory<byte>> eventLines)
    {
        const int invalidArgument = 22; // EINVAL
        if (direct is not null)
        {
            try
            {
                direct.Write(eventLines, Bytes, events);
                return;
            }
            catch (IOException refused) when (refused.HResult == invalidArgument)
            {
                direct.Dispose();
                direct = null;
            }
        }
        RandomAccess.Write(events, eventLines, Bytes);
    }

    /// <summary>
    /// Writes the manifest that makes this segment sealed, then closes the files. If the manifest cannot be written
    /// the segment stays active and whole (the caller may go on appending and seal later).
    /// </summary>
    public SealedSegment Seal()
    {
        // Only whole groups are in [0, Bytes); make sure nothing past them (a write cut short, the zero padding of
        // direct writes) is in a sealed file.
        if (RandomAccess.GetLength(events) != Bytes || RandomAccess.GetLength(envelopes) != EnvelopeBytes)
        {
            RandomAccess.SetLength(events, Bytes);
            RandomAccess.SetLength(envelopes, EnvelopeBytes);
            RandomAccess.FlushToDisk(events);
            RandomAccess.FlushToDisk(envelopes);
        }
        var manifest = new SegmentManifest(Events, Bytes, EnvelopeBytes, times);
        manifest.WriteDurably(Files);
        Dispose();
        return new SealedSegment(Files, manifest);
    }

    /// <summary>Closes and removes the files of a segment that never received an event.</summary>
    public void DeleteEmpty()
    {
        Dispose();
        File.Delete(Files.Events);
        File.Delete(Files.Envelopes);
    }

    public void Dispose()
    {
        direct?.Dispose();
        events.Dispose();
        envelopes.Dispose();
    }
}
