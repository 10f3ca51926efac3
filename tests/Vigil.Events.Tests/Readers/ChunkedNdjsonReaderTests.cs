using System.IO.Compression;
using System.Text;
using CsCheck;
using Vigil.Events.Prefilter;
using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

/// <summary>
/// The chunked reader (prefilter, worker threads) against the line framer, which is the reference: the same records
/// with the same places and the same errors, in the same order, whatever the chunk size and thread count; and with a
/// prefilter exactly the lines it may match, the others counted as skipped and their breakage still reported.
/// </summary>
public sealed class ChunkedNdjsonReaderTests
{
    private enum Kind { Valid, Cat, Escaped, Empty, Comment, Crlf, InvalidUtf8, BrokenJson, CutOff, Glued, TooLong, HugeLine }

    private static readonly Gen<(Kind Kind, int Size)> Line = Gen.Frequency(
        (6, Gen.Int[0, 250].Select(n => (Kind.Valid, n))),
        (3, Gen.Int[0, 250].Select(n => (Kind.Cat, n))),
        (1, Gen.Int[0, 60].Select(n => (Kind.Escaped, n))),
        (1, Gen.Int[0, 3].Select(n => (Kind.Empty, n))),
        (1, Gen.Int[0, 20].Select(n => (Kind.Comment, n))),
        (1, Gen.Int[0, 50].Select(n => (Kind.Crlf, n))),
        (1, Gen.Int[0, 50].Select(n => (Kind.InvalidUtf8, n))),
        (1, Gen.Int[0, 50].Select(n => (Kind.BrokenJson, n))),
        (1, Gen.Int[0, 50].Select(n => (Kind.CutOff, n))),
        (1, Gen.Int[0, 50].Select(n => (Kind.Glued, n))),
        (1, Gen.Int[320, 3_000].Select(n => (Kind.TooLong, n))),
        (1, Gen.Int[5_000, 20_000].Select(n => (Kind.HugeLine, n))));

    private static readonly Gen<Input> Inputs =
        Gen.Select(Line.List[0, 40], Gen.Bool, Gen.Bool, Gen.Int[16, 700], Gen.Int[1, 3],
            (lines, bom, lastLineFeed, chunk, threads) => new Input(lines, bom, lastLineFeed, chunk, threads));

    [Fact]
    public void Without_a_prefilter_effect_it_delivers_what_the_line_framer_delivers()
    {
        Inputs.Sample(input =>
        {
            var bytes = input.Render();
            var reference = Read(bytes, new ReaderOptions { MaxRecordBytes = 300, BufferBytes = 4096, ValidateNdjson = true });
            var chunked = Read(bytes, new ReaderOptions
            {
                MaxRecordBytes = 300,
                ValidateNdjson = true,
                Prefilter = LinePrefilter.PassThrough,
                ChunkBytes = input.Chunk,
                Threads = input.Threads,
            });
            Assert.Equal(reference.Records, chunked.Records);
            Assert.Equal(reference.Errors, chunked.Errors);
        }, iter: 400);
    }

    [Fact]
    public void A_memory_mapped_file_gives_what_the_line_framer_gives()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-mapped-");
        try
        {
            var path = Path.Combine(dir.FullName, "events.ndjson");
            Inputs.Sample(input =>
            {
                var bytes = input.Render();
                File.WriteAllBytes(path, bytes);
                // Old enough to be mapped (a file written within the quiet period is read as a stream).
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow - MappedFile.QuietPeriod - TimeSpan.FromMinutes(1));
                var reference = Read(bytes, new ReaderOptions { MaxRecordBytes = 300, BufferBytes = 4096, ValidateNdjson = true });
                var mapped = new CollectingSink();
                var summary = InputReader.ReadPath(path, mapped, new ReaderOptions
                {
                    MaxRecordBytes = 300,
                    ValidateNdjson = true,
                    Prefilter = LinePrefilter.PassThrough,
                    ChunkBytes = input.Chunk,
                    Threads = input.Threads,
                });
                // Same records and errors; origins name the path instead of "test".
                Assert.Equal(reference.Records, mapped.Records);
                Assert.All(mapped.Files, file => Assert.Equal(path, file));
                Assert.Equal(reference.Errors.Select(e => e with { Source = path }), mapped.Errors);
                Assert.Equal(bytes.Length, summary.Bytes);
            }, iter: 300, threads: 1);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_file_written_within_the_quiet_period_is_not_mapped()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-mapped-");
        try
        {
            var path = Path.Combine(dir.FullName, "live.ndjson");
            File.WriteAllText(path, "{\"a\":1}\n");
            Assert.Null(MappedFile.TryOpen(path));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow - MappedFile.QuietPeriod - TimeSpan.FromMinutes(1));
            using var mapped = MappedFile.TryOpen(path);
            Assert.NotNull(mapped);
            Assert.Equal(8, mapped.Length);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void With_a_prefilter_it_delivers_exactly_the_lines_that_may_match_and_reports_broken_others()
    {
        var prefilter = LinePrefilter.Create([new LineRequirement([LiteralSet.Of(PrefilterLiteral.Exact("\"cat\""u8), "process.name")])]);
        Inputs.Sample(input =>
        {
            var bytes = input.Render();
            var reference = Read(bytes, new ReaderOptions { MaxRecordBytes = 300, BufferBytes = 4096, ValidateNdjson = true });
            var summarySink = new CollectingSink();
            var summary = InputReader.ReadStream(new MemoryStream(bytes), "test", summarySink, new ReaderOptions
            {
                MaxRecordBytes = 300,
                Prefilter = prefilter,
                ChunkBytes = input.Chunk,
                Threads = input.Threads,
            });
            // Every valid record the reference reads is either delivered (the prefilter may match it) or skipped.
            var expected = reference.Records.Where(r => prefilter.MayMatch(Encoding.UTF8.GetBytes(r.Source))).ToList();
            Assert.Equal(expected, summarySink.Records);
            // (A BrokenJson line passes the cheap checks: it is skipped unparsed, like a valid one.)
            Assert.Equal(reference.Records.Count - expected.Count + input.Count(Kind.BrokenJson, prefilter), summary.Skipped);
            // Each broken line is reported once, on its line: candidates by the sink's parse (not here), the others
            // by the cheap checks, which catch every kind of breakage this generator makes except BrokenJson.
            var expectedErrorLines = input.BrokenLineNumbers(prefilter, kind => kind is not Kind.BrokenJson);
            Assert.Equal(expectedErrorLines, summarySink.Errors.Select(e => e.Line).ToList());
        }, iter: 400);
    }

    [Fact]
    public void Results_do_not_depend_on_the_number_of_threads()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            var name = i % 97 == 0 ? "cat" : i % 5 == 0 ? "bash" : "sshd";
            text.Append("{\"@timestamp\":\"2026-11-27T08:00:").Append((i % 60).ToString("00")).Append("Z\",\"process\":{\"name\":\"")
                .Append(name).Append("\",\"pid\":").Append(i).Append("},\"pad\":\"").Append('x', i % 300).Append("\"}\n");
            if (i % 1_000 == 999)
            {
                text.Append("{\"cut\":\"off\n");
            }
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var prefilter = LinePrefilter.Create([new LineRequirement([LiteralSet.Of(PrefilterLiteral.Exact("\"cat\""u8), "process.name")])]);
        CollectingSink? first = null;
        foreach (var threads in new[] { 1, 2, 4 })
        {
            var sink = Read(bytes, new ReaderOptions { Prefilter = prefilter, Threads = threads, ChunkBytes = 64 << 10 });
            Assert.Equal(20_000 / 97 + 1, sink.Records.Count);
            Assert.Equal(20, sink.Errors.Count);
            if (first is null)
            {
                first = sink;
                continue;
            }
            Assert.Equal(first.Records, sink.Records);
            Assert.Equal(first.Errors, sink.Errors);
        }
        // The cut-off lines come after every 1,000 events: line 1,001 is the first.
        Assert.Equal(1_001, first!.Errors[0].Line);
    }

    [Fact]
    public void A_cut_off_gzip_still_delivers_its_complete_lines_and_reports_the_rest()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 3_000; i++)
        {
            text.Append("{\"i\":").Append(i).Append(",\"name\":\"cat\",\"pad\":\"").Append('p', 200).Append("\"}\n");
        }
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }
        var cut = compressed.ToArray()[..(int)(compressed.Length * 2 / 3)];
        var options = new ReaderOptions { Prefilter = LinePrefilter.PassThrough, ChunkBytes = 8 << 10, Threads = 2 };
        var chunked = Read(cut, options);
        var reference = Read(cut, new ReaderOptions());
        Assert.NotEmpty(chunked.Records);
        Assert.Equal(reference.Records, chunked.Records);
        Assert.Equal(reference.Errors, chunked.Errors);
        Assert.Contains(chunked.Errors, e => e.Reason.Contains("incomplete", StringComparison.Ordinal));
    }

    private static CollectingSink Read(byte[] bytes, ReaderOptions options)
    {
        var sink = new CollectingSink();
        InputReader.ReadStream(new MemoryStream(bytes), "test", sink, options);
        return sink;
    }

    private sealed record Input(List<(Kind Kind, int Size)> Lines, bool Bom, bool LastLineFeed, int Chunk, int Threads)
    {
        public byte[] Render()
        {
            var bytes = new List<byte>();
            if (Bom)
            {
                bytes.AddRange("\uFEFF"u8.ToArray());
            }
            for (var i = 0; i < Lines.Count; i++)
            {
                bytes.AddRange(RenderLine(Lines[i].Kind, Lines[i].Size, i));
                if (i + 1 < Lines.Count || LastLineFeed)
                {
                    bytes.Add((byte)'\n');
                }
            }
            return [.. bytes];
        }

        /// <summary>Lines of this kind the prefilter rejects.</summary>
        public int Count(Kind wanted, LinePrefilter prefilter)
        {
            var count = 0;
            for (var i = 0; i < Lines.Count; i++)
            {
                if (Lines[i].Kind == wanted && !prefilter.MayMatch(RenderLine(wanted, Lines[i].Size, i)))
                {
                    count++;
                }
            }
            return count;
        }

        /// <summary>Line numbers of the broken lines the cheap checks must report: all but candidates and <paramref name="caught"/> misses.</summary>
        public List<long> BrokenLineNumbers(LinePrefilter prefilter, Func<Kind, bool> caught)
        {
            var lines = new List<long>();
            for (var i = 0; i < Lines.Count; i++)
            {
                var (kind, size) = Lines[i];
                if (kind is Kind.TooLong or Kind.HugeLine or Kind.InvalidUtf8)
                {
                    lines.Add(i + 1); // reported whatever the prefilter says
                }
                else if (kind is Kind.BrokenJson or Kind.CutOff or Kind.Glued && caught(kind)
                    && !prefilter.MayMatch(RenderLine(kind, size, i)))
                {
                    lines.Add(i + 1);
                }
            }
            return lines;
        }

        private static byte[] RenderLine(Kind kind, int size, int index) => kind switch
        {
            Kind.Valid => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"pad\":\"{new string('v', size)}\",\"ü\":[1,{{\"x\":null}}]}}"),
            Kind.Cat => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"process\":{{\"name\":\"cat\"}},\"pad\":\"{new string('c', size)}\"}}"),
            Kind.Empty => Encoding.UTF8.GetBytes(new string(' ', size)),
            // A spelled-out character or slash can hide a literal: such lines are candidates whatever they hold.
            Kind.Escaped => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"p\":\"{new string('e', size)}{(size % 2 == 0 ? "\\u0063at" : "a\\/b")}\"}}"),
            Kind.Comment => Encoding.UTF8.GetBytes("// note " + new string('n', size)),
            Kind.Crlf => Encoding.UTF8.GetBytes($"  {{\"i\":{index},\"crlf\":\"{new string('r', size)}\"}} \r"),
            Kind.InvalidUtf8 => [.. Encoding.UTF8.GetBytes($"{{\"i\":{index},\"bad\":\"{new string('u', size)}"), 0xC0, 0xAF, .. "\"}"u8],
            Kind.BrokenJson => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"broken\":{new string('b', size % 5)}tru}}"),
            Kind.CutOff => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"cut\":\"{new string('k', size)}"),
            Kind.Glued => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"glued\":\"{new string('g', size)}{{\"i\":{index},\"x\":1}}"),
            _ => Encoding.UTF8.GetBytes($"{{\"i\":{index},\"long\":\"{new string('L', size)}\"}}"),
        };
    }
}
