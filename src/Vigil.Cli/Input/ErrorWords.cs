using System.Text.Json;

namespace Vigil.Cli.Input;

/// <summary>
/// What went wrong with a file, in words: .NET's exception text ("Could not find a part of the path",
/// "LineNumber: 0 | BytePositionInLine: 1") names internals, not the problem.
/// </summary>
public static class ErrorWords
{
    public static string Describe(Exception error, string path) => error switch
    {
        FileNotFoundException => $"{path}: no such file",
        DirectoryNotFoundException => $"{path}: its folder {Path.GetDirectoryName(Path.GetFullPath(path))} does not exist",
        UnauthorizedAccessException => $"{path}: permission denied",
        PathTooLongException => $"{path}: the path is too long",
        JsonException json => json.LineNumber is { } line
            ? $"{path}:{line + 1}: not valid JSON"
            : $"{path}: not valid JSON",
        IOException io when io.HResult == 28 || io.HResult == unchecked((int)0x80070070) => $"{path}: the disk is full",
        IOException => $"{path}: cannot be read or written (an input/output error)",
        _ => $"{path}: {error.GetType().Name}",
    };
}
