using System.Runtime.InteropServices;
using Vigil.Agent.Osquery;

namespace Vigil.Agent.Tests.Osquery;

/// <summary>
/// The file table against files the test lays out itself with known size, mode, owner and mtime; inode and block
/// size are checked against coreutils' stat, an oracle independent of our statx parsing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class FileTableTests : IDisposable
{
    private const long KnownMtime = 1_700_000_000; // 2023-11-14T22:13:20Z

    private readonly string dir = Directory.CreateTempSubdirectory("vigil-file-").FullName;

    public void Dispose()
    {
        HostQuery.Tool("chmod", "-R", "u+rwx", dir);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void APathRowCarriesTheFilesSizeModeOwnerAndTimes()
    {
        string file = Path.Combine(dir, "known.bin");
        File.WriteAllBytes(file, new byte[1234]);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        HostQuery.Tool("chown", "1234:5678", file);
        File.SetLastWriteTimeUtc(file, DateTimeOffset.FromUnixTimeSeconds(KnownMtime).UtcDateTime);

        var row = Assert.Single(HostQuery.Rows($"SELECT * FROM file WHERE path = '{file}'"));

        Assert.Equal(file, row["path"]);
        Assert.Equal(dir, row["directory"]);
        Assert.Equal("known.bin", row["filename"]);
        Assert.Equal("1234", row["size"]);
        Assert.Equal("0640", row["mode"]);
        Assert.Equal(("1234", "5678"), (row["uid"], row["gid"]));
        Assert.Equal(KnownMtime.ToString(System.Globalization.CultureInfo.InvariantCulture), row["mtime"]);
        Assert.Equal(("regular", "0", "1", ""), (row["type"], row["symlink"], row["hard_links"], row["symlink_target_path"]));
        Assert.Equal(HostQuery.Tool("stat", "-c", "%i", file), row["inode"]);
        Assert.Equal(HostQuery.Tool("stat", "-c", "%o", file), row["block_size"]);
        Assert.Equal(HostQuery.Tool("stat", "-c", "%Z", file), row["ctime"]);
        Assert.Equal("0", row["device"]); // st_rdev: zero for a regular file.
    }

    [Fact]
    public void ModeKeepsTheSetuidDigitAndADeviceFileItsDeviceNumber()
    {
        string file = Path.Combine(dir, "suid");
        File.WriteAllText(file, "x");
        HostQuery.Tool("chmod", "4755", file);

        var rows = HostQuery.Rows($"SELECT path, mode, type, device FROM file WHERE path IN ('{file}', '/dev/null')");

        Assert.Equal("4755", rows.Single(r => r["path"] == file)["mode"]);
        var devNull = rows.Single(r => r["path"] == "/dev/null");
        Assert.Equal("character", devNull["type"]);
        // /dev/null is device 1:3; glibc's makedev(1, 3) = 259.
        Assert.Equal("259", devNull["device"]);
    }

    [Fact]
    public void ASymlinkReportsItsTargetsStatusAndItsOwnText()
    {
        string target = Path.Combine(dir, "target.txt");
        File.WriteAllText(target, "twelve bytes");
        File.CreateSymbolicLink(Path.Combine(dir, "link"), "target.txt");
        File.CreateSymbolicLink(Path.Combine(dir, "dangling"), "nowhere/at/all");

        var rows = HostQuery.Rows($"SELECT filename, size, type, symlink, symlink_target_path, inode FROM file WHERE path IN ('{dir}/link', '{dir}/dangling')")
            .ToDictionary(r => r["filename"]!);

        Assert.Equal(("12", "regular", "1", "target.txt"), (rows["link"]["size"], rows["link"]["type"], rows["link"]["symlink"], rows["link"]["symlink_target_path"]));
        Assert.Equal(HostQuery.Tool("stat", "-L", "-c", "%i", Path.Combine(dir, "link")), rows["link"]["inode"]);
        // A dangling link: the link's own status (its size is the length of its text), type unknown.
        Assert.Equal(("14", "unknown", "1", "nowhere/at/all"), (rows["dangling"]["size"], rows["dangling"]["type"], rows["dangling"]["symlink"], rows["dangling"]["symlink_target_path"]));
    }

    [Fact]
    public void AMissingPathIsNoRowAndNoWarning()
    {
        var result = new HostQueryEngine().Run($"SELECT * FROM file WHERE path = '{dir}/absent'");
        Assert.Null(result.Error);
        Assert.Empty(result.Rows);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void LikeExpandsOneLevelAsGlobDoes()
    {
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "a.sh"), "");
        File.WriteAllText(Path.Combine(dir, "b.desktop"), "");
        File.WriteAllText(Path.Combine(dir, ".hidden.sh"), "");
        File.WriteAllText(Path.Combine(dir, "sub", "deep.sh"), "");

        var all = HostQuery.Rows($"SELECT path, directory, filename, type FROM file WHERE path LIKE '{dir}/%' ORDER BY path");
        var scripts = HostQuery.Rows($"SELECT path FROM file WHERE path LIKE '{dir}/%.sh'");

        // '%' is one level, does not match a leading dot, and a directory comes back with a trailing '/'.
        Assert.Equal([$"{dir}/a.sh", $"{dir}/b.desktop", $"{dir}/sub/"], all.Select(r => r["path"]));
        var sub = all[2];
        Assert.Equal(($"{dir}/sub", ".", "directory"), (sub["directory"], sub["filename"], sub["type"]));
        Assert.Equal([$"{dir}/a.sh"], scripts.Select(r => r["path"]));
    }

    [Fact]
    public void UnderscoreIsLiteralAndTheExpansionIsCaseSensitive()
    {
        File.WriteAllText(Path.Combine(dir, "a_c"), "");
        File.WriteAllText(Path.Combine(dir, "abc"), "");

        // SQLite's LIKE alone would take 'abc' for 'a_c' and 'ABC' for 'abc'; osquery's glob reads neither.
        Assert.Equal([$"{dir}/a_c"], HostQuery.Rows($"SELECT path FROM file WHERE path LIKE '{dir}/a_c'").Select(r => r["path"]));
        Assert.Empty(HostQuery.Rows($"SELECT path FROM file WHERE path LIKE '{dir}/A%'"));
    }

    [Fact]
    public void DoublePercentWalksEverythingBelowOnceEvenThroughALinkLoop()
    {
        Directory.CreateDirectory(Path.Combine(dir, "top", "mid", ".dot"));
        File.WriteAllText(Path.Combine(dir, "top", "mid", ".dot", "f"), "");
        File.WriteAllText(Path.Combine(dir, "top", "g"), "");
        Directory.CreateSymbolicLink(Path.Combine(dir, "top", "mid", "loop"), "..");

        var paths = HostQuery.Rows($"SELECT path FROM file WHERE path LIKE '{dir}/%%'").Select(r => r["path"]).Order(StringComparer.Ordinal);

        Assert.Equal(
            [$"{dir}/top/", $"{dir}/top/g", $"{dir}/top/mid/", $"{dir}/top/mid/.dot/", $"{dir}/top/mid/.dot/f", $"{dir}/top/mid/loop/"],
            paths);
    }

    [Fact]
    public void DoublePercentStopsSixtyFourLevelsDownAndSaysSo()
    {
        string deep = dir;
        for (int i = 0; i < 70; i++)
        {
            deep = Path.Combine(deep, "d");
        }

        Directory.CreateDirectory(deep);

        var result = new HostQueryEngine().Run($"SELECT count(*) FROM file WHERE path LIKE '{dir}/%%'");

        Assert.Null(result.Error);
        // The glob's own level plus 64 levels walked below it.
        Assert.Equal("65", result.Rows[0][0]);
        Assert.Contains(result.Warnings, w => w.Contains("deeper than 64 levels", StringComparison.Ordinal));
    }

    [Fact]
    public void DirectoryListsEveryEntryWithTheDirectoryAsGiven()
    {
        File.WriteAllText(Path.Combine(dir, "one"), "");
        File.WriteAllText(Path.Combine(dir, ".two"), "");

        var plain = HostQuery.Rows($"SELECT path, directory FROM file WHERE directory = '{dir}' ORDER BY path");
        var slashed = HostQuery.Rows($"SELECT path, directory FROM file WHERE directory = '{dir}/' ORDER BY path");

        Assert.Equal([$"{dir}/.two", $"{dir}/one"], plain.Select(r => r["path"]));
        Assert.All(plain, r => Assert.Equal(dir, r["directory"]));
        Assert.Equal([$"{dir}/.two", $"{dir}/one"], slashed.Select(r => r["path"]));
        Assert.All(slashed, r => Assert.Equal(dir + "/", r["directory"]));
    }

    [Fact]
    public void WithoutAPathConstraintThereAreNoRowsAndAWarningSaysWhy()
    {
        var result = new HostQueryEngine().Run("SELECT * FROM file WHERE size > 0");
        Assert.Null(result.Error);
        Assert.Empty(result.Rows);
        Assert.Contains(result.Warnings, w => w.Contains("no path or directory constraint", StringComparison.Ordinal));
    }

    [Fact]
    public void AnotherTablesPathIsNoConstraintOnFile()
    {
        var result = new HostQueryEngine().Run("SELECT f.path FROM file f JOIN processes p ON p.path = f.path WHERE p.path = '/bin/sh'");
        Assert.Null(result.Error);
        Assert.Empty(result.Rows);
        Assert.Contains(result.Warnings, w => w.Contains("comes from another table", StringComparison.Ordinal));
    }

    [Fact]
    public void TheGuidesOwnerQueryRunsWithItsJoinsAndDates()
    {
        string file = Path.Combine(dir, "unit.service");
        File.WriteAllText(file, "[Unit]\n");
        File.SetLastWriteTimeUtc(file, DateTimeOffset.FromUnixTimeSeconds(KnownMtime).UtcDateTime);

        var row = Assert.Single(HostQuery.Rows(
            "SELECT f.path, u.username AS file_owner, g.groupname AS group_owner, datetime(f.mtime, 'unixepoch') AS file_last_modified_time, " +
            "f.size AS size_bytes FROM file f LEFT JOIN users u ON f.uid = u.uid LEFT JOIN groups g ON f.gid = g.gid " +
            $"WHERE ( path LIKE '{dir}/%.service' OR path LIKE '{dir}/nothing/%' )"));

        Assert.Equal((file, "root", "root", "2023-11-14 22:13:20", "7"), (row["path"], row["file_owner"], row["group_owner"], row["file_last_modified_time"], row["size_bytes"]));
    }

    [Fact]
    public void APermissionDeniedDirectoryIsReportedAndTheRestIsRead()
    {
        string locked = Path.Combine(dir, "locked");
        Directory.CreateDirectory(locked);
        File.WriteAllText(Path.Combine(locked, "secret"), "");
        File.WriteAllText(Path.Combine(dir, "open"), "");
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);

        // The test runs as root, which reads anything; a thread whose file-system uid is nobody's does not
        // (setfsuid is per thread, and leaving uid 0 drops CAP_DAC_OVERRIDE for that thread's file access).
        OsqueryResult? result = null;
        var thread = new Thread(() =>
        {
            _ = SetFsUid(65534);
            try
            {
                result = new HostQueryEngine().Run($"SELECT path FROM file WHERE path LIKE '{dir}/%%' ORDER BY path");
            }
            finally
            {
                _ = SetFsUid(0);
            }
        });
        thread.Start();
        thread.Join();

        Assert.NotNull(result);
        Assert.Null(result.Error);
        Assert.Equal([$"{dir}/locked/", $"{dir}/open"], result.Rows.Select(r => r[0]));
        Assert.Contains(result.Warnings, w => w == $"file: {dir}/locked/: permission denied; its entries are left out");
    }

    [LibraryImport("libc", EntryPoint = "setfsuid")]
    private static partial int SetFsUid(uint uid);
}
