using Vigil.Server.Ingest;

namespace Vigil.Server.Tests.Ingest;

public sealed class DocumentIdGeneratorTests
{
    [Fact]
    public void Ids_are_20_url_safe_base64_characters_and_distinct()
    {
        var generator = new DocumentIdGenerator();
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 20_000).Select(_ => generator.Next(now)).ToList();
        Assert.All(ids, id =>
        {
            Assert.Equal(20, id.Length);
            Assert.True(id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), id);
        });
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_first_six_bytes_are_the_milliseconds_since_the_epoch()
    {
        var generator = new DocumentIdGenerator();
        var t = new DateTimeOffset(2026, 12, 3, 0, 0, 0, 123, TimeSpan.Zero);
        byte[] bytes = Convert.FromBase64String(generator.Next(t).Replace('-', '+').Replace('_', '/'));
        Assert.Equal(15, bytes.Length);
        long millis = 0;
        for (int i = 0; i < 6; i++)
        {
            millis = (millis << 8) | bytes[i];
        }
        Assert.Equal(t.ToUnixTimeMilliseconds(), millis);
    }
}
