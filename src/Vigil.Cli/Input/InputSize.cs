using Vigil.Events.Readers;

namespace Vigil.Cli.Input;

/// <summary>
/// The bytes a scan will read, when that can be known beforehand: plain files and folders of them. Stdin, pipes,
/// devices and compressed files (whose read size is not their size on disk) give null, and the progress line then
/// shows no percentage or ETA rather than a wrong one.
/// </summary>
public static class InputSize
{
    public static long? Known(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        long total = 0;
        try
        {
            foreach (var path in paths)
            {
                if (path == InputReader.StandardInput)
                {
                    return null;
                }
                var files = Directory.Exists(path) ? InputReader.ListDirectory(path) : [path];
                foreach (var file in files)
                {
                    var info = new FileInfo(file);
                    if (!info.Exists || info.Length == 0 || (info.Attributes & FileAttributes.ReparsePoint) != 0 || IsGzip(file))
                    {
                        return null;
                    }
                    total += info.Length;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        return total;
    }

    // By content, as the readers decide it: 1F 8B.
    private static bool IsGzip(string file)
    {
        using var stream = File.OpenRead(file);
        Span<byte> magic = stackalloc byte[2];
        return stream.Read(magic) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}
