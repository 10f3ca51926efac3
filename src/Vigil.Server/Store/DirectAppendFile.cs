using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Server.Store;

/// <summary>
/// Appends to a file with <c>O_DIRECT</c> from this writer's own block-aligned buffer, so the bytes go from that
/// buffer to the disk without the kernel first copying them into the page cache (a fifth of the server's CPU during
/// ingest, docs/serve.md). Direct writes must start and end on block boundaries: the last partial block of the file
/// is kept in memory and written again, followed by the new bytes, by the next append, and the tail of each write is
/// padded with zeros. The file is therefore longer than its content between appends; the owner knows the content's
/// length, cuts the padding off when it seals the file, and recovery cuts it like any torn tail. Not thread safe.
/// </summary>
internal sealed class DirectAppendFile : IDisposable
{
    /// <summary>Alignment of buffer, offsets and lengths: 4 KiB covers both 512-byte and 4 KiB logical blocks.</summary>
    public const int BlockSize = 4096;

    private const int Interrupted = 4; // EINTR
    private const int WriteOnly = 1; // O_WRONLY

    private readonly int descriptor;
    // A pinned array (it never moves) and the aligned window inside it that the writes use.
    private readonly byte[] pinned;
    private readonly int alignedOffset;
    private readonly nint aligned;
    private readonly int capacity;
    private readonly byte[] carry = new byte[BlockSize];
    private long carryStart;
    private int carryLength;
    private bool closed;

    private DirectAppendFile(int descriptor, int capacity)
    {
        this.descriptor = descriptor;
        this.capacity = capacity;
        pinned = GC.AllocateUninitializedArray<byte>(capacity + BlockSize, pinned: true);
        nint start = Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);
        alignedOffset = (int)((BlockSize - (start % BlockSize)) % BlockSize);
        aligned = start + alignedOffset;
    }

    /// <summary>
    /// Opens an existing, empty file for direct appends, or returns null where direct I/O is not available (not
    /// Linux on x64 or Arm64, or a file system that refuses <c>O_DIRECT</c>, such as tmpfs): the caller then writes
    /// through the page cache.
    /// </summary>
    public static DirectAppendFile? TryOpen(string path, int capacity = 8 << 20)
    {
        if (!OperatingSystem.IsLinux() || DirectFlag() is not { } direct)
        {
            return null;
        }
        int fd = Open(path, WriteOnly | direct);
        if (fd < 0)
        {
            return null;
        }
        return new DirectAppendFile(fd, Math.Max(BlockSize, capacity / BlockSize * BlockSize));
    }

    /// <summary>
    /// Writes <paramref name="pieces"/> at <paramref name="at"/>, the content's current length (the file's first
    /// <paramref name="at"/> bytes must be what was written through this instance or is on disk). Throws an
    /// <see cref="IOException"/> on failure; what was written may then be partly there, past <paramref name="at"/>.
    /// </summary>
    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces, long at, SafeFileHandle readable)
    {
        if (at != carryStart + carryLength)
        {
            Resync(at, readable);
        }
        long blockStart = carryStart;
        var whole = pinned.AsSpan(alignedOffset, capacity);
        carry.AsSpan(0, carryLength).CopyTo(whole);
        int fill = carryLength;
        foreach (var memory in pieces)
        {
            var piece = memory.Span;
            while (!piece.IsEmpty)
            {
                int n = Math.Min(capacity - fill, piece.Length);
                piece[..n].CopyTo(whole[fill..]);
                piece = piece[n..];
                fill += n;
                if (fill == capacity)
                {
                    WriteAll(capacity, blockStart);
                    blockStart += capacity;
                    fill = 0;
                }
            }
        }
        int tail = fill % BlockSize;
        if (fill > 0)
        {
            int padded = fill - tail + (tail > 0 ? BlockSize : 0);
            whole[fill..padded].Clear();
            WriteAll(padded, blockStart);
        }
        whole.Slice(fill - tail, tail).CopyTo(carry);
        carryStart = blockStart + fill - tail;
        carryLength = tail;
    }

    public void Dispose()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        _ = Close(descriptor);
    }

    /// <summary>Loads the partial block before <paramref name="at"/> from the file (after a failed write was cut back).</summary>
    private void Resync(long at, SafeFileHandle readable)
    {
        carryLength = (int)(at % BlockSize);
        carryStart = at - carryLength;
        var into = carry.AsSpan(0, carryLength);
        while (!into.IsEmpty)
        {
            int read = RandomAccess.Read(readable, into, at - into.Length);
            if (read <= 0)
            {
                throw new IOException($"the events file is shorter than its content's length {at}");
            }
            into = into[read..];
        }
    }

    private void WriteAll(int length, long offset)
    {
        int done = 0;
        while (done < length)
        {
            nint written = PositionalWrite(descriptor, aligned + done, (nuint)(length - done), offset + done);
            if (written < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Interrupted)
                {
                    continue;
                }
                throw new IOException($"direct write failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
            }
            if (written == 0 || written % BlockSize != 0)
            {
                throw new IOException($"direct write of {length - done} bytes at {offset + done} wrote {written}");
            }
            done += (int)written;
        }
    }

    /// <summary><c>O_DIRECT</c>: its value differs between architectures.</summary>
    private static int? DirectFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x4000,
        Architecture.Arm64 => 0x10000,
        _ => null,
    };

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static extern nint PositionalWrite(int descriptor, nint buffer, nuint count, long offset);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);
}
