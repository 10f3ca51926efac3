using System.Buffers.Text;

namespace Vigil.Kql.Compilation;

/// <summary>
/// A test on a field indexed as a string (keyword, text): numbers and booleans in the document are indexed as their
/// text, so they are tested as text too.
/// </summary>
internal abstract class KeywordTest : ValueTest
{
    public override bool Integer(long value)
    {
        Span<byte> buffer = stackalloc byte[24];
        return Utf8Formatter.TryFormat(value, buffer, out var written) && String(buffer[..written]);
    }

    public override bool Decimal(double value)
    {
        Span<byte> buffer = stackalloc byte[40];
        return value.TryFormat(buffer, out var written, "R", System.Globalization.CultureInfo.InvariantCulture)
            && String(buffer[..written]);
    }

    public override bool Boolean(bool value) => String(value ? "true"u8 : "false"u8);
}
