using System.Globalization;

namespace Vigil.Server.Store;

/// <summary>
/// The names of one segment's files: <c>seg-&lt;16-digit sequence&gt;.ndjson</c> (the events),
/// <c>.env</c> (one envelope line per event) and <c>.manifest</c> (written when sealed).
/// </summary>
internal readonly record struct SegmentFiles(string Directory, long Sequence)
{
    public const string Prefix = "seg-";
    public const string EventsExtension = ".ndjson";
    public const string EnvelopeExtension = ".env";
    public const string ManifestExtension = ".manifest";
    public const string TemporaryExtension = ".tmp";
    public const string QuarantineExtension = ".unindexed";

    public string Stem => Path.Combine(Directory, Prefix + Sequence.ToString("D16", CultureInfo.InvariantCulture));

    public string Events => Stem + EventsExtension;

    public string Envelopes => Stem + EnvelopeExtension;

    public string Manifest => Stem + ManifestExtension;

    public string ManifestTemporary => Manifest + TemporaryExtension;

    /// <summary>The sequence number in a segment file's name, or -1 when the name is not one of ours.</summary>
    public static long SequenceOf(string fileName)
    {
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || fileName.Length < Prefix.Length + 16)
        {
            return -1;
        }
        var digits = fileName.AsSpan(Prefix.Length, 16);
        var rest = fileName.AsSpan(Prefix.Length + 16);
        if (!rest.SequenceEqual(EventsExtension) && !rest.SequenceEqual(EnvelopeExtension) && !rest.SequenceEqual(ManifestExtension))
        {
            return -1;
        }
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : -1;
    }
}
