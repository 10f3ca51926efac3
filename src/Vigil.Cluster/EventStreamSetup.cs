using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Vigil.Cluster;

/// <summary>
/// Creates (or finds) the event stream and reads its config back: nats-server 2.9 accepts and silently drops fields
/// it does not know (2.10+), so what the server kept, not what was asked, decides whether Vigil runs.
/// </summary>
public static class EventStreamSetup
{
    public static Task<StreamConfig> EnsureAsync(INatsJSContext js, int replicas, TimeSpan duplicateWindow, CancellationToken cancel = default) =>
        EnsureStreamAsync(js, ClusterSubjects.StreamName, ClusterSubjects.StoredSubjects, replicas, duplicateWindow, cancel);

    /// <summary>One file-backed, limits-retention stream on <paramref name="subject"/>, created or found, and checked.</summary>
    public static async Task<StreamConfig> EnsureStreamAsync(INatsJSContext js, string name, string subject, int replicas, TimeSpan duplicateWindow, CancellationToken cancel = default)
    {
        var wanted = new StreamConfig(name, [subject])
        {
            Storage = StreamConfigStorage.File,
            NumReplicas = replicas,
            DuplicateWindow = duplicateWindow,
            Retention = StreamConfigRetention.Limits,
        };
        await js.CreateOrUpdateStreamAsync(wanted, cancel);
        var kept = (await js.GetStreamAsync(name, cancellationToken: cancel)).Info.Config;
        Verify(wanted, kept);
        return kept;
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
        if (problems.Count > 0)
        {
            throw new ClusterConfigMismatchException($"stream {wanted.Name}: the server kept {string.Join("; ", problems)}");
        }
    }
}
