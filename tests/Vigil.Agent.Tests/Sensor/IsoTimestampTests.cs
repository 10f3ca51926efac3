using System.Globalization;
using System.Text;
using CsCheck;
using Vigil.Agent.Sensor;

namespace Vigil.Agent.Tests.Sensor;

public sealed class IsoTimestampTests
{
    // The oracle is .NET's own custom date format, which the writer used before it formatted digits itself.
    private static string Expected(long micros) =>
        DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.000000Z")]
    [InlineData(1_764_795_600_123_456L, "2025-12-03T21:00:00.123456Z")]
    [InlineData(951_782_399_999_999L, "2000-02-28T23:59:59.999999Z")]
    [InlineData(-1L, "1969-12-31T23:59:59.999999Z")]
    public void FormatsKnownInstants(long micros, string expected)
    {
        Span<byte> text = stackalloc byte[IsoTimestamp.Length];
        Assert.Equal(expected, Encoding.ASCII.GetString(IsoTimestamp.Format(micros, text)));
        Assert.Equal(expected, Expected(micros));
    }

    [Fact]
    public void AgreesWithTheRuntimesFormatterFrom1900To2200()
    {
        Gen.Long[-2_208_988_800_000_000L, 7_258_118_400_000_000L].Sample(micros =>
        {
            Span<byte> text = stackalloc byte[IsoTimestamp.Length];
            Assert.Equal(Expected(micros), Encoding.ASCII.GetString(IsoTimestamp.Format(micros, text)));
        }, iter: 20_000);
    }
}
