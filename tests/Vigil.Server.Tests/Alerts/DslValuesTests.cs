using Vigil.Server.Alerts.Search;

namespace Vigil.Server.Tests.Alerts;

public sealed class DslValuesTests
{
    [Theory]
    [InlineData("web-*", "web-1", false, true)]
    [InlineData("web-?", "web-10", false, false)]
    [InlineData("*-1", "db-1", false, true)]
    [InlineData("a\\*b", "a*b", false, true)]
    [InlineData("a\\*b", "axb", false, false)]
    [InlineData("PY*", "python3", true, true)]
    [InlineData("PY*", "python3", false, false)]
    [InlineData("*", "", false, true)]
    [InlineData("?", "", false, false)]
    public void Wildcard(string pattern, string text, bool caseInsensitive, bool expected) =>
        Assert.Equal(expected, DslValues.Wildcard(pattern, text, caseInsensitive));

    [Fact]
    public void A_pathological_wildcard_is_answered_quickly()
    {
        // Exponential for a naive backtracking matcher; linear here.
        var text = new string('a', 5000);
        Assert.False(DslValues.Wildcard(string.Concat(Enumerable.Repeat("*a", 30)) + "*b", text, false));
        Assert.True(DslValues.Wildcard(string.Concat(Enumerable.Repeat("*a", 30)) + "*", text, false));
    }

    [Theory]
    [InlineData("now", false, "2026-01-01T14:30:15.250Z")]
    [InlineData("now-1d/d", false, "2025-12-31T00:00:00.000Z")]
    [InlineData("now-1d/d", true, "2025-12-31T23:59:59.999Z")]
    [InlineData("now+1M/M", false, "2026-02-01T00:00:00.000Z")]
    [InlineData("now/w", false, "2025-12-29T00:00:00.000Z")]
    [InlineData("now-90m/h", false, "2026-01-01T13:00:00.000Z")]
    [InlineData("2026-03-04||+1y-2d", false, "2027-03-02T00:00:00.000Z")]
    [InlineData("2026-03-04", true, "2026-03-04T23:59:59.999Z")]
    [InlineData("2026-03-04T05:06:07Z", true, "2026-03-04T05:06:07.000Z")]
    public void Date_math(string expression, bool roundUp, string expected)
    {
        var now = DateTimeOffset.Parse("2026-01-01T14:30:15.250Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(DateMath.TryParse(expression, now, roundUp, out var ms, out var error), error);
        Assert.Equal(expected, DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("now-1q")]
    [InlineData("now*2")]
    [InlineData("now/")]
    [InlineData("last week")]
    public void Bad_date_math_is_refused(string expression) =>
        Assert.False(DateMath.TryParse(expression, DateTimeOffset.UnixEpoch, false, out _, out _));
}
