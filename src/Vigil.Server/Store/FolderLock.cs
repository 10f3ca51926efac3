namespace Vigil.Server.Store;

/// <summary>
/// Holds <c>.lock</c> in the store folder open exclusively (an advisory lock on Unix), so a second server started on
/// the same <c>--data</c> fails at once with a clear message instead of interleaving writes. The kernel drops the lock
/// when the process dies, so a crash never leaves the folder locked.
/// </summary>
internal static class FolderLock
{
    public const string FileName = ".lock";

    public static FileStream Take(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new IOException($"the event store at {directory} is in use by another process or store ({exception.Message})", exception);
        }
    }
}
