using System.IO.Compression;
using Vigil.Events.Readers;

namespace Vigil.Cli.Input;

/// <summary>
/// The first megabytes of the first input, cut at a line boundary, for choosing a prefilter's anchors before the
/// stream starts (<c>LinePrefilter.Calibrate</c>). Calibration changes speed, never results, so anything that cannot
/// be sampled without consuming it (standard input) or read at all gives an empty sample.
/// </summary>
public static class CalibrationSample
{
    public const int DefaultBytes = 4 * 1024 * 1024;

    public static byte[] Read(IReadOnlyList<string> inputs, int maxBytes = DefaultBytes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0 || inputs[0] == InputReader.StandardInput)
        {
            return [];
        }
        var path = inputs[0];
        try
        {
            if (Directory.Exists(path))
            {
                var files = InputReader.ListDirectory(path);
                if (files.Count == 0)
                {
                    return [];
                }
                path = files[0];
            }
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (!file.CanSeek)
            {
                // A pipe or device: sampling would consume what the reader must see.
                return [];
            }
            var magic = new byte[2];
            var gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            file.Position = 0;
            using Stream input = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            var buffer = new byte[maxBytes];
            var filled = input.ReadAtLeast(buffer, maxBytes, throwOnEndOfStream: false);
            var end = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
            return end < 0 ? [] : buffer.AsSpan(0, end + 1).ToArray();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            // The reader reports the same problem with its place when it gets there.
            return [];
        }
    }
}
