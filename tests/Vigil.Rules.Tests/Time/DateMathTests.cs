using Vigil.Rules;

namespace Vigil.Rules.Tests.Time;

public sealed class DateMathTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 20, 30, 500, TimeSpan.Zero);

    [Theory]
    [InlineData("now", false, "2026-03-04T10:20:30.500")]
    [InlineData("now-1h", false, "2026-03-04T09:20:30.500")]
    [InlineData("now-48h/h", false, "2026-03-02T10:00:00.000")]
    [InlineData("now/d", false, "2026-03-04T00:00:00.000")]
    [InlineData("now/d", true, "2026-03-04T23:59:59.999")]
    [InlineData("now-1M+2d", false, "2026-02-06T10:20:30.500")]
    [InlineData("now/w", false, "2026-03-02T00:00:00.000")]
    [InlineData("2026-01-01T00:00:00Z", false, "2026-01-01T00:00:00.000")]
    public void Evaluates(string expression, bool roundUp, string expected)
    {
        Assert.True(DateMath.TryEvaluate(expression, Now, roundUp, out var result));
        Assert.Equal(expected, result.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("now-")]
    [InlineData("now-1x")]
    [InlineData("now/")]
    [InlineData("yesterday")]
    public void RejectsNonsense(string expression) => Assert.False(DateMath.TryEvaluate(expression, Now, false, out _));
}
