using System.Buffers.Binary;
using System.Text;

namespace Vigil.Agent.Osquery;

/// <summary>
/// One record of a glibc utmp file (Linux, 64-bit and 32-bit alike: 384 bytes, 32-bit times, little-endian on the
/// machines we run on): type, pid, line, id, user, host, exit status, session, time, address, padding.
/// </summary>
internal readonly record struct UtmpRecord(int Type, int Pid, string Line, string User, string Host, long Time)
{
    public const int Size = 384;

    private const int PidOffset = 4;
    private const int LineOffset = 8;
    private const int LineLength = 32;
    private const int UserOffset = 44;
    private const int UserLength = 32;
    private const int HostOffset = 76;
    private const int HostLength = 256;
    private const int TimeOffset = 340;

    // ut_type values of utmp(5), with the words osquery shows for them.
    private static readonly string[] TypeNames = ["empty", "runlevel", "boot_time", "new_time", "old_time", "init", "login", "user", "dead", "accounting"];

    /// <summary>osquery's word for the record's type.</summary>
    public string TypeName => Type >= 0 && Type < TypeNames.Length ? TypeNames[Type] : "unknown";

    public static UtmpRecord Parse(ReadOnlySpan<byte> record) => new(
        BinaryPrimitives.ReadInt16LittleEndian(record),
        BinaryPrimitives.ReadInt32LittleEndian(record[PidOffset..]),
        Text(record.Slice(LineOffset, LineLength)),
        Text(record.Slice(UserOffset, UserLength)),
        Text(record.Slice(HostOffset, HostLength)),
        BinaryPrimitives.ReadInt32LittleEndian(record[TimeOffset..]));

    /// <summary>A fixed-size field: text up to the first NUL (the field is not NUL-terminated when full).</summary>
    private static string Text(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }
}
