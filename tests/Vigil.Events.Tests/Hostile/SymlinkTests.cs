using Vigil.Events.Readers;
using Vigil.Events.Tests.Readers;

namespace Vigil.Events.Tests.Hostile;

/// <summary>Symbolic links in event folders: each real directory walked once, each real file read once, cycles reported.</summary>
public sealed class SymlinkTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("vigil-links-");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void Links_back_up_the_tree_and_across_it_neither_loop_nor_repeat_files()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating links needs privileges there
        }
        var sub = Directory.CreateDirectory(Path.Combine(root.FullName, "sub"));
        File.WriteAllText(Path.Combine(sub.FullName, "a.ndjson"), "{\"i\":1}\n{\"i\":2}\n");
        Directory.CreateSymbolicLink(Path.Combine(sub.FullName, "loop"), "..");
        Directory.CreateSymbolicLink(Path.Combine(sub.FullName, "loop2"), "../sub");
        Directory.CreateSymbolicLink(Path.Combine(root.FullName, "self"), ".");
        File.CreateSymbolicLink(Path.Combine(sub.FullName, "link.ndjson"), "a.ndjson");
        var other = Directory.CreateDirectory(Path.Combine(root.FullName, "other"));
        File.WriteAllText(Path.Combine(other.FullName, "b.ndjson"), "{\"i\":3}\n");
        Directory.CreateSymbolicLink(Path.Combine(root.FullName, "zlink"), "other");

        var sink = new CollectingSink();
        var started = System.Diagnostics.Stopwatch.StartNew();
        InputReader.ReadPath(root.FullName, sink);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));

        // Every event exactly once.
        Assert.Equal(["{\"i\":1}", "{\"i\":2}", "{\"i\":3}"], sink.Records.Select(r => r.Source).Order(StringComparer.Ordinal));
        // Each skipped link is reported by its path: the loops, the repeated directory and the repeated file.
        var reported = sink.Errors.Select(e => Path.GetFileName(e.Source)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["link.ndjson", "loop", "loop2", "self", "zlink"], reported);
        Assert.All(sink.Errors, e => Assert.Equal(0, e.Line));
    }

    [Fact]
    public void A_link_cycle_that_never_resolves_is_reported()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Directory.CreateSymbolicLink(Path.Combine(root.FullName, "x"), "y");
        Directory.CreateSymbolicLink(Path.Combine(root.FullName, "y"), "x");
        File.WriteAllText(Path.Combine(root.FullName, "ok.ndjson"), "{\"i\":1}\n");
        var sink = new CollectingSink();
        InputReader.ReadPath(root.FullName, sink);
        Assert.Single(sink.Records);
        Assert.NotEmpty(sink.Errors);
    }
}
