using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vigil.Agent.Osquery;

/// <summary>
/// A file's metadata from Linux statx(2), whose result layout is the same on every architecture (unlike stat's):
/// owner, mode, inode, links, the device numbers and the four times, birth time when the file system keeps it.
/// </summary>
internal readonly partial record struct FileStatus(
    long Inode, long Uid, long Gid, int Mode, long Device, long SpecialDevice, long Size, long BlockSize,
    long AccessTime, long ModifyTime, long ChangeTime, long BirthTime, long HardLinks)
{
    /// <summary>errno for "no such file" and "not a directory": the path names nothing, which is no error.</summary>
    public const int NoEntry = 2;
    public const int NotDirectory = 20;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStatsAndBirthTime = 0x7ff | 0x800;
    private const uint StatxBirthTime = 0x800;
    private const int BufferSize = 256;

    /// <summary>S_IFMT: the file type bits of <see cref="Mode"/>.</summary>
    public int Type => Mode & 0xF000;

    /// <summary>S_IFLNK.</summary>
    public bool IsSymlink => Type == 0xA000;

    /// <summary>S_IFDIR.</summary>
    public bool IsDirectory => Type == 0x4000;

    /// <summary>
    /// The status of <paramref name="path"/> (of a link itself when <paramref name="followLinks"/> is false), or
    /// null with the errno in <paramref name="error"/>.
    /// </summary>
    public static unsafe FileStatus? Read(string path, bool followLinks, out int error)
    {
        byte* buffer = stackalloc byte[BufferSize];
        if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStatsAndBirthTime, buffer) != 0)
        {
            error = Marshal.GetLastPInvokeError();
            return null;
        }

        error = 0;
        var b = new ReadOnlySpan<byte>(buffer, BufferSize);
        uint mask = BinaryPrimitives.ReadUInt32LittleEndian(b);
        return new FileStatus(
            Inode: (long)BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(b[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(b[24..]),
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(b[28..]),
            Device: MakeDevice(BinaryPrimitives.ReadUInt32LittleEndian(b[136..]), BinaryPrimitives.ReadUInt32LittleEndian(b[140..])),
            SpecialDevice: MakeDevice(BinaryPrimitives.ReadUInt32LittleEndian(b[128..]), BinaryPrimitives.ReadUInt32LittleEndian(b[132..])),
            Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(b[40..]),
            BlockSize: BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
            AccessTime: BinaryPrimitives.ReadInt64LittleEndian(b[64..]),
            ModifyTime: BinaryPrimitives.ReadInt64LittleEndian(b[112..]),
            ChangeTime: BinaryPrimitives.ReadInt64LittleEndian(b[96..]),
            BirthTime: (mask & StatxBirthTime) != 0 ? BinaryPrimitives.ReadInt64LittleEndian(b[80..]) : 0,
            HardLinks: BinaryPrimitives.ReadUInt32LittleEndian(b[16..]));
    }

    /// <summary>strerror's wording for the errors a walk meets.</summary>
    public static string Describe(int error) => error switch
    {
        1 or 13 => "permission denied",
        40 => "too many levels of symbolic links",
        36 => "file name too long",
        _ => $"error {error}",
    };

    /// <summary>glibc's makedev: the (major, minor) pair as one dev_t number.</summary>
    private static long MakeDevice(uint major, uint minor) =>
        (long)(((ulong)(major & 0xfff) << 8) | ((ulong)(major & ~0xfffu) << 32) | (minor & 0xff) | ((ulong)(minor & ~0xffu) << 12));

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
