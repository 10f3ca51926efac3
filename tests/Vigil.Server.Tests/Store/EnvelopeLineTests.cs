using System.Text;
using CsCheck;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

public sealed class EnvelopeLineTests
{
    [Fact]
    public void Any_index_and_id_survive_the_sidecar_line()
    {
        // Strings over the characters the format escapes plus ordinary and non-ASCII ones.
        var text = Gen.Char["\\\t\n\raZ0 é中tn"].Array[0, 40].Select(chars => new string(chars));
        Gen.Select(text, text, Gen.Int[0, int.MaxValue], Gen.Long[0, DateTimeOffset.MaxValue.UtcTicks], Gen.Bool).Sample((index, id, length, ticks, ends) =>
        {
            using var buffer = new ByteBuffer(16);
            EnvelopeLine.Write(buffer, length, 0xDEADBEEF, ends ? null : ticks, ticks, ends, index, id);
            var line = buffer.Written;
            Assert.Equal((byte)'\n', line[^1]);
            Assert.Equal(-1, line[..^1].IndexOf((byte)'\n')); // one line, whatever the id holds
            Assert.True(EnvelopeLine.TryParse(line[..^1], out var parsed));
            Assert.Equal(index, parsed.Index);
            Assert.Equal(id, parsed.Id);
            Assert.Equal(length, parsed.Length);
            Assert.Equal(0xDEADBEEFu, parsed.Checksum);
            Assert.Equal(ends ? null : ticks, parsed.Timestamp);
            Assert.Equal(ticks, parsed.Ingested);
            Assert.Equal(ends, parsed.EndsAppend);
        });
    }

    [Theory]
    [InlineData("12\tdeadbeef\t-\t5\tc\tidx")] // a field short
    [InlineData("12\tdeadbeef\t-\t5\tc\tidx\tid\textra")] // a field too many
    [InlineData("12\tdeadbee\t-\t5\tc\tidx\tid")] // checksum not 8 hex digits
    [InlineData("-1\tdeadbeef\t-\t5\tc\tidx\tid")] // negative length
    [InlineData("12\tdeadbeef\t-\t5\tx\tidx\tid")] // unknown flag
    [InlineData("12\tdeadbeef\t\0\0\t5\tc\tidx\tid")] // zeros where a time should be
    [InlineData("")]
    public void A_damaged_line_is_not_taken_for_an_envelope(string line) =>
        Assert.False(EnvelopeLine.TryParse(Encoding.UTF8.GetBytes(line), out _));

    [Fact]
    public void The_checksum_is_crc32c()
    {
        // The standard check value of CRC-32C (Castagnoli) over "123456789".
        Assert.Equal(0xE3069283u, LineChecksum.Of("123456789"u8));
        Assert.Equal(0u, LineChecksum.Of([]));
    }
}
