using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Vigil.Cluster;

/// <summary>
/// Creates (or finds) the event stream and reads its config back: nats-server 2.9 accepts and silently drops fields
/// it does not know (2.10+), so what the server kept, not what was asked, decides whether Vigil runs.
/// </summary>
public static class EventStreamSetup
{
    /// <summary>
    /// The event stream. <paramref name="maxAge"/> is what this worker's rules need the stream to keep (their longest
    /// reach back plus <c>--retention</c>); zero keeps events for ever.
    /// </summary>
    public static Task<StreamConfig> EnsureAsync(INatsJSContext js, int replicas, TimeSpan duplicateWindow, TimeSpan maxAge, CancellationToken cancel = default) =>
        EnsureStreamAsync(js, ClusterSubjects.StreamName, ClusterSubjects.StoredSubjects, replicas, duplicateWindow, maxAge, cancel);

    /// <summary>
    /// One file-backed, limits-retention stream on <paramref name="subject"/>, created or found, and checked. A stream
    /// that already keeps messages longer than <paramref name="maxAge"/> keeps its age (another worker's rules may
    /// reach further back); a shorter one, or one without an age limit, gets <paramref name="maxAge"/>.
    /// </summary>
    public static async Task<StreamConfig> EnsureStreamAsync(INatsJSContext js, string name, string subject, int replicas, TimeSpan duplicateWindow,
        TimeSpan maxAge, CancellationToken cancel = default)
    {
        var age = maxAge;
        if (maxAge > TimeSpan.Zero && await ExistingAsync(js, name, cancel) is { MaxAge: var kept } && kept > maxAge)
        {
            age = kept;
        }
        var wanted = new StreamConfig(name, [subject])
        {
            Storage = StreamConfigStorage.File,
            NumReplicas = replicas,
            DuplicateWindow = duplicateWindow,
            Retention = StreamConfigRetention.Limits,
            MaxAge = age,
        };
        await js.CreateOrUpdateStreamAsync(wanted, cancel);
        var found = (await js.GetStreamAsync(name, cancellationToken: cancel)).Info.Config;
        Verify(wanted, found);
        return found;
    }

    private static async Task<StreamConfig?> ExistingAsync(INatsJSContext js, string name, CancellationToken cancel)
    {
        try
        {
            return (await js.GetStreamAsync(name, cancellationToken: cancel)).Info.Config;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }
    }

    /// <summary>Throws, naming every field, when the server's copy differs from what Vigil needs.</summary>
    public static void Verify(StreamConfig wanted, StreamConfig kept)
    {
        var problems = new List<string>();
        if (!(kept.Subjects ?? []).SequenceEqual(wanted.Subjects ?? []))
        {
            problems.Add($"subjects [{string.Join(",", kept.Subjects ?? [])}], wanted [{string.Join(",", wanted.Subjects ?? [])}]");
        }
        if (kept.Storage != wanted.Storage)
        {
            problems.Add($"storage {kept.Storage}, wanted {wanted.Storage}");
        }
        if (kept.NumReplicas != wanted.NumReplicas)
        {
            problems.Add($"replicas {kept.NumReplicas}, wanted {wanted.NumReplicas}");
        }
        if (kept.DuplicateWindow != wanted.DuplicateWindow)
        {
            problems.Add($"duplicate window {kept.DuplicateWindow}, wanted {wanted.DuplicateWindow}");
        }
        if (kept.Retention != wanted.Retention)
        {
            problems.Add($"retention {kept.Retention}, wanted {wanted.Retention}");
        }
        // Shorter than asked would cut a new owner's replay (and the global worker's) short of the rules' reach.
        if (wanted.MaxAge > TimeSpan.Zero ? kept.MaxAge < wanted.MaxAge || kept.MaxAge == TimeSpan.Zero : kept.MaxAge != TimeSpan.Zero)
        {
            problems.Add($"max age {kept.MaxAge}, wanted {wanted.MaxAge}");
        }
        if (problems.Count > 0)
        {
            throw new ClusterConfigMismatchException($"stream {wanted.Name}: the server kept {string.Join("; ", problems)}");
        }
    }
}
