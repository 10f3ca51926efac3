using System.Globalization;

namespace Vigil.Server.Store;

/// <summary>
/// Opens a store folder: every segment with a whole manifest whose file lengths match is taken as sealed; every other
/// segment (the active one at a stop or crash) is recovered (<see cref="SegmentRecovery"/>) and sealed; leftovers of
/// an interrupted seal or deletion are tidied. After this the store appends to a fresh segment.
/// </summary>
internal static class SegmentDirectoryLoader
{
    public sealed record Loaded(List<SealedSegment> Segments, long NextSequence);

    public static Loaded Load(string directory, Action<string> log)
    {
        System.IO.Directory.CreateDirectory(directory);
        var present = new SortedDictionary<long, (bool Events, bool Envelopes, bool Manifest)>();
        long highest = 0;
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, SegmentFiles.Prefix + "*"))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(SegmentFiles.TemporaryExtension, StringComparison.Ordinal))
            {
                File.Delete(path); // a manifest whose seal did not finish: the segment is recovered below
                continue;
            }
            if (name.Length >= SegmentFiles.Prefix.Length + 16
                && long.TryParse(name.AsSpan(SegmentFiles.Prefix.Length, 16), NumberStyles.None, CultureInfo.InvariantCulture, out var any))
            {
                highest = Math.Max(highest, any); // quarantined files too: their sequence is never reused
            }
            var sequence = SegmentFiles.SequenceOf(name);
            if (sequence < 0)
            {
                continue;
            }
            present.TryGetValue(sequence, out var kinds);
            if (name.EndsWith(SegmentFiles.EventsExtension, StringComparison.Ordinal))
            {
                kinds.Events = true;
            }
            else if (name.EndsWith(SegmentFiles.EnvelopeExtension, StringComparison.Ordinal))
            {
                kinds.Envelopes = true;
            }
            else
            {
                kinds.Manifest = true;
            }
            present[sequence] = kinds;
        }

        var segments = new List<SealedSegment>();
        foreach (var (sequence, kinds) in present)
        {
            var files = new SegmentFiles(directory, sequence);
            if (!kinds.Events)
            {
                // Deletion removes the events first; what is left of a deletion that was cut short goes now.
                File.Delete(files.Envelopes);
                File.Delete(files.Manifest);
                continue;
            }
            if (!kinds.Envelopes)
            {
                Quarantine(files, log);
                continue;
            }
            if (kinds.Manifest && SegmentManifest.TryRead(files.Manifest) is { } manifest
                && new FileInfo(files.Events).Length == manifest.Bytes && new FileInfo(files.Envelopes).Length == manifest.EnvelopeBytes)
            {
                segments.Add(new SealedSegment(files, manifest));
                continue;
            }
            File.Delete(files.Manifest);
            var recovered = SegmentRecovery.Recover(files);
            if (recovered.DroppedEventBytes > 0 || recovered.DroppedEnvelopeBytes > 0)
            {
                log($"event store: {Path.GetFileName(files.Events)}: recovered {recovered.Manifest.Events} events; cut off an unfinished append " +
                    $"({recovered.DroppedEventBytes} event bytes, {recovered.DroppedEnvelopeBytes} envelope bytes) that was never acknowledged");
            }
            if (recovered.Manifest.Events == 0)
            {
                File.Delete(files.Events);
                File.Delete(files.Envelopes);
                continue;
            }
            recovered.Manifest.WriteDurably(files);
            segments.Add(new SealedSegment(files, recovered.Manifest));
        }
        return new Loaded(segments, highest + 1);
    }

    /// <summary>
    /// Events without their sidecar cannot be given an index or id (it never happens: the sidecar is created first and
    /// deleted after); rather than guess or delete, the file is set aside under another name and logged.
    /// </summary>
    private static void Quarantine(in SegmentFiles files, Action<string> log)
    {
        if (new FileInfo(files.Events).Length == 0)
        {
            File.Delete(files.Events);
            return;
        }
        var aside = files.Events + SegmentFiles.QuarantineExtension;
        File.Move(files.Events, aside, overwrite: true);
        log($"event store: {Path.GetFileName(files.Events)} has no envelope file; set aside as {Path.GetFileName(aside)}, not read");
    }
}
