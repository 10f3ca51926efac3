using CsCheck;
using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

/// <summary>Property: no input, however mangled, makes a reader throw.</summary>
public sealed class GarbageInputTests
{
    private static readonly Gen<byte[]> JsonishBytes = Gen.Frequency(
        (3, Gen.Byte),
        (6, Gen.OneOf("{"u8[0], "}"u8[0], "["u8[0], "]"u8[0], "\""u8[0], ":"u8[0], ","u8[0], "\n"u8[0], "\\"u8[0], "/"u8[0], "*"u8[0], " "u8[0], "a"u8[0], "1"u8[0])))
        .Array[0, 400];

    private static readonly Gen<byte[]> MangledExport = Gen.Select(
        Gen.OneOf(
            """[{"a":1},{"b":[1,2,{"c":"d"}]}]""",
            """{"took":1,"hits":{"hits":[{"_index":"i","_id":"1","_source":{"a":1}}]}}""",
            "{\"index\":{\"_index\":\"i\"}}\n{\"a\":1}\n{\"delete\":{\"_id\":\"2\"}}\n",
            "{\"_index\":\"i\",\"_id\":\"1\",\"_source\":{\"a\":\"b\"}}\n",
            "[\n // note\n {\"a\": /* x */ 1},\n]"),
        Gen.Int[0, 1000], Gen.Int[0, 5], Gen.Byte)
        .Select((text, position, cut, noise) =>
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
            int at = position % (bytes.Length + 1);
            return cut switch
            {
                0 => bytes[..at],
                1 => [.. bytes[..at], noise, .. bytes[at..]],
                2 => [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + 1)..]],
                _ => bytes,
            };
        });

    [Theory]
    [InlineData(InputFormat.Auto)]
    [InlineData(InputFormat.Ndjson)]
    [InlineData(InputFormat.Hits)]
    [InlineData(InputFormat.Bulk)]
    [InlineData(InputFormat.Json)]
    public void RandomBytesNeverThrow(InputFormat format)
    {
        var options = new ReaderOptions { Format = format, MaxDepth = 8, MaxRecordBytes = 100, ValidateNdjson = true };
        JsonishBytes.Sample(bytes => { CollectingSink.Read(bytes, options); }, iter: 2_000);
        MangledExport.Sample(bytes => { CollectingSink.Read(bytes, options); }, iter: 2_000);
    }

    [Fact]
    public void ErrorsAlwaysNameAPlaceInsideTheInput()
    {
        MangledExport.Sample(bytes =>
        {
            var sink = CollectingSink.Read(bytes);
            long lines = bytes.Count(b => b == (byte)'\n') + 1;
            Assert.All(sink.Errors, e => Assert.InRange(e.Line, 1, lines));
        }, iter: 2_000);
    }
}
