using System.Text;
using CsCheck;
using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

/// <summary>Property: whatever bad records surround them, every valid record arrives, once, in order.</summary>
public sealed class NeighbourPropertyTests
{
    private enum Kind { Valid, Empty, InvalidUtf8, BrokenJson, TooLong, HugeLine }

    private static readonly Gen<(Kind Kind, int Size)> Record = Gen.Frequency(
        (6, Gen.Int[0, 250].Select(n => (Kind.Valid, n))),
        (1, Gen.Int[0, 3].Select(n => (Kind.Empty, n))),
        (1, Gen.Int[0, 50].Select(n => (Kind.InvalidUtf8, n))),
        (1, Gen.Int[0, 50].Select(n => (Kind.BrokenJson, n))),
        (1, Gen.Int[320, 3_000].Select(n => (Kind.TooLong, n))),
        (1, Gen.Int[5_000, 20_000].Select(n => (Kind.HugeLine, n))));

    [Fact]
    public void NdjsonLines()
    {
        Record.List[0, 40].Sample(records =>
        {
            var bytes = new List<byte>();
            var expected = new List<string>();
            int errors = 0;
            for (int i = 0; i < records.Count; i++)
            {
                (Kind kind, int size) = records[i];
                byte[] line = Render(kind, size, i);
                if (kind == Kind.Valid)
                {
                    expected.Add(Encoding.UTF8.GetString(line));
                }
                else if (kind != Kind.Empty)
                {
                    errors++;
                }
                bytes.AddRange(line);
                bytes.Add((byte)'\n');
            }
            var sink = CollectingSink.Read(bytes.ToArray(), new ReaderOptions { MaxRecordBytes = 300, BufferBytes = 4096, ValidateNdjson = true });
            Assert.Equal(expected, sink.Records.Select(r => r.Source));
            Assert.Equal(errors, sink.Errors.Count);
        }, iter: 300);
    }

    [Fact]
    public void JsonArrayElements()
    {
        Record.Where(r => r.Kind is not Kind.Empty and not Kind.HugeLine).List[0, 30].Sample(records =>
        {
            var text = new List<byte>("[\n"u8.ToArray());
            var expected = new List<string>();
            int errors = 0;
            for (int i = 0; i < records.Count; i++)
            {
                (Kind kind, int size) = records[i];
                byte[] element = Render(kind, size, i);
                if (kind == Kind.Valid)
                {
                    expected.Add(Encoding.UTF8.GetString(element));
                }
                else
                {
                    errors++;
                }
                text.AddRange("  "u8.ToArray());
                text.AddRange(element);
                text.AddRange(i + 1 < records.Count ? ",\n"u8.ToArray() : "\n"u8.ToArray());
            }
            text.AddRange("]\n"u8.ToArray());
            var sink = CollectingSink.Read(text.ToArray(), new ReaderOptions { MaxRecordBytes = 300 });
            Assert.Equal(expected, sink.Records.Select(r => r.Source));
            Assert.Equal(errors, sink.Errors.Count);
        }, iter: 300);
    }

    private static byte[] Render(Kind kind, int size, int index) => kind switch
    {
        Kind.Valid => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"pad\":\"{new string('v', size)}\",\"ü\":[1,{{\"x\":null}}]}}"),
        Kind.Empty => Encoding.UTF8.GetBytes(new string(' ', size)),
        Kind.InvalidUtf8 => [.. Encoding.UTF8.GetBytes($"{{\"i\":{index},\"bad\":\"{new string('u', size)}"), 0xC0, 0xAF, .. "\"}"u8],
        Kind.BrokenJson => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"broken\":{new string('b', size % 5)}tru}}"),
        _ => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"long\":\"{new string('L', size)}\"}}"),
    };
}
