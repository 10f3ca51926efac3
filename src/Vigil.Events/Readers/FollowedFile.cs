namespace Vigil.Events.Readers;

/// <summary>
/// A file read like <c>tail -F</c>: at its end the stream waits for more instead of ending; when the file is
/// truncated (copytruncate) reading starts again at its beginning; when it is renamed or deleted (rotation) the rest
/// of the old file is read, then the new file at the same path from its beginning, waiting for it to appear. Ends
/// (returns 0) only when the token is cancelled, so a reader over it stops at a record boundary it has already
/// delivered.
/// </summary>
public sealed class FollowedFile : Stream
{
    private readonly string path;
    private readonly CancellationToken token;
    private readonly TimeSpan poll;
    private FileStream? current;
    // What the open descriptor pointed at when opened (symlinks resolved), to notice a rename or delete.
    private string? openedAs;

    public FollowedFile(string path, CancellationToken token, TimeSpan? poll = null)
    {
        this.path = Path.GetFullPath(path);
        this.token = token;
        this.poll = poll ?? TimeSpan.FromMilliseconds(100);
        // The file must exist when following starts (a typo should not wait forever); later it may come and go.
        current = Open() ?? throw new FileNotFoundException($"cannot open '{path}'", path);
    }

    /// <summary>Times the file was found truncated or replaced and read again from its beginning.</summary>
    public int Reopened { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (!token.IsCancellationRequested)
        {
            if (current is not null)
            {
                var read = current.Read(buffer);
                if (read > 0)
                {
                    return read;
                }
                if (Replaced(current))
                {
                    // The old file is read to its end above; continue with the file now at the path.
                    current.Dispose();
                    current = Open();
                    Reopened++;
                    continue;
                }
                if (new FileInfo(path) is { Exists: true } info && info.Length < current.Position)
                {
                    current.Position = 0;
                    Reopened++;
                    continue;
                }
            }
            else if ((current = Open()) is not null)
            {
                continue;
            }
            token.WaitHandle.WaitOne(poll);
        }
        return 0;
    }

    private FileStream? Open()
    {
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            openedAs = Target(file);
            return file;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Whether the open file is no longer the one at the path (renamed or deleted): on Linux the descriptor's link
    // names the file it refers to; elsewhere only truncation is noticed.
    private bool Replaced(FileStream file) => openedAs is not null && Target(file) is { } now && !string.Equals(now, openedAs, StringComparison.Ordinal);

    private static string? Target(FileStream file)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            return File.ResolveLinkTarget($"/proc/self/fd/{file.SafeFileHandle.DangerousGetHandle()}", returnFinalTarget: false)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            current?.Dispose();
        }
        base.Dispose(disposing);
    }
}
