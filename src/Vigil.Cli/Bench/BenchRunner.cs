using System.Diagnostics;
using Vigil.Eql.QuerySets;
using Vigil.Eql.Runtime;
using Vigil.Events.Prefilter;
using Vigil.Events.Readers;

namespace Vigil.Cli.Bench;

/// <summary>The timed passes of <c>vigil bench</c>, each over the whole events file.</summary>
public sealed class BenchRunner(string eventsPath, int chunkBytes)
{
    /// <summary>Utf8JsonReader over every token of every line.</summary>
    public BenchPhaseResult Tokenize()
    {
        long lines = 0, tokens = 0, bad = 0;
        var clock = Stopwatch.StartNew();
        var cpu = CpuNow();
        var bytes = new LineChunkReader(eventsPath, chunkBytes).ReadAll((chunk, _) =>
            lines += TokenizeBaseline.TokenizeLines(chunk, ref tokens, ref bad));
        return new BenchPhaseResult("tokenize (baseline)", bytes, lines, clock.Elapsed, CpuNow() - cpu, lines, tokens, bad);
    }

    /// <summary>The prefilter scan alone: which lines would be parsed. Matches = candidate lines.</summary>
    public BenchPhaseResult Scan(LinePrefilter prefilter)
    {
        long lines = 0, candidates = 0;
        var ranges = new List<LineRange>();
        var clock = Stopwatch.StartNew();
        var cpu = CpuNow();
        var bytes = new LineChunkReader(eventsPath, chunkBytes).ReadAll((chunk, _) =>
        {
            ranges.Clear();
            prefilter.FindCandidateLines(chunk, ranges);
            candidates += ranges.Count;
            lines += System.MemoryExtensions.Count(chunk, (byte)'\n');
        });
        return new BenchPhaseResult("prefilter scan only", bytes, lines, clock.Elapsed, CpuNow() - cpu, candidates, candidates, 0);
    }

    /// <summary>
    /// Evaluates the rule set. With the prefilter only candidate lines are parsed, and with several queries each one
    /// gets a line only if its own prefilter may match it; without, every line goes to every query.
    /// </summary>
    public BenchPhaseResult Evaluate(BenchRuleSet rules, bool usePrefilter)
    {
        var runners = new QueryRunner[rules.Queries.Count];
        for (var i = 0; i < runners.Length; i++)
        {
            runners[i] = new QueryRunner(rules.Queries[i].Compiled);
        }
        long lines = 0, parsed = 0, bad = 0;
        var ranges = new List<LineRange>();
        var origin = Path.GetFileName(eventsPath);
        var perQueryCheck = rules.Queries.Count > 1;
        var clock = Stopwatch.StartNew();
        var cpu = CpuNow();
        var bytes = new LineChunkReader(eventsPath, chunkBytes).ReadAll((chunk, firstLine) =>
        {
            ranges.Clear();
            if (usePrefilter)
            {
                rules.Union.FindCandidateLines(chunk, ranges);
            }
            else
            {
                LinePrefilter.PassThrough.FindCandidateLines(chunk, ranges);
            }
            // Line numbers of candidates are counted over the gaps between them, as a reader must do for origins.
            var lineNumber = firstLine;
            var counted = 0;
            foreach (var range in ranges)
            {
                lineNumber += System.MemoryExtensions.Count(chunk[counted..range.Start], (byte)'\n');
                counted = range.Start;
                var line = chunk.Slice(range.Start, range.Length);
                for (var q = 0; q < runners.Length; q++)
                {
                    var prefilter = rules.Queries[q].Prefilter;
                    if (usePrefilter && perQueryCheck && !prefilter.PassesEverything && !prefilter.MayMatch(line))
                    {
                        continue;
                    }
                    parsed++;
                    if (!runners[q].Push(line, origin, lineNumber, out _))
                    {
                        bad++;
                    }
                }
            }
            // The gap counts above already covered the chunk up to the last candidate; finish the count.
            lineNumber += System.MemoryExtensions.Count(chunk[counted..], (byte)'\n');
            lines += lineNumber - firstLine;
        });
        long matches = 0;
        foreach (var runner in runners)
        {
            var result = runner.Finish();
            matches += result.IsSequenceResult ? result.Sequences.Count : result.Events.Count;
        }
        var name = usePrefilter ? "rules with prefilter" : "rules without prefilter";
        return new BenchPhaseResult(name, bytes, lines, clock.Elapsed, CpuNow() - cpu, parsed, matches, bad);
    }

    /// <summary>
    /// The whole rule set as one <see cref="QuerySet"/> on one thread: per line one literal pass, at most one parse,
    /// and the predicates of the queries whose requirements the line meets. Parsed = lines parsed; matches = (line,
    /// query) pairs found relevant; <paramref name="evaluations"/> = (line, query) pairs evaluated.
    /// </summary>
    public BenchPhaseResult Classify(QuerySet set, out long evaluations)
    {
        var worker = set.CreateWorker();
        var relevant = new List<int>();
        long lines = 0, pairs = 0, bad = 0;
        var clock = Stopwatch.StartNew();
        var cpu = CpuNow();
        var bytes = new LineChunkReader(eventsPath, chunkBytes).ReadAll((chunk, _) =>
        {
            var start = 0;
            while (start < chunk.Length)
            {
                var lineFeed = chunk[start..].IndexOf((byte)'\n');
                var end = lineFeed < 0 ? chunk.Length : start + lineFeed;
                if (end > start)
                {
                    lines++;
                    if (!worker.Classify(chunk[start..end], relevant))
                    {
                        bad++;
                    }
                    pairs += relevant.Count;
                }
                start = end + 1;
            }
        });
        evaluations = worker.Evaluations;

        return new BenchPhaseResult("query set (1 thread)", bytes, lines, clock.Elapsed, CpuNow() - cpu, worker.ParsedLines, pairs, bad);
    }

    /// <summary>
    /// The query set on <paramref name="threads"/> threads, one <see cref="QuerySetWorker"/> each: every chunk is cut
    /// at line boundaries into one slice per thread and the slices are classified in parallel (reading stays on one
    /// thread). Shows how the classifier scales when a chunked reader feeds several workers.
    /// </summary>
    public BenchPhaseResult ClassifyParallel(QuerySet set, int threads, out long evaluations)
    {
        var workers = new QuerySetWorker[threads];
        var relevant = new List<int>[threads];
        var lines = new long[threads];
        var pairs = new long[threads];
        var bad = new long[threads];
        for (var t = 0; t < threads; t++)
        {
            workers[t] = set.CreateWorker();
            relevant[t] = [];
        }
        var copy = Array.Empty<byte>();
        var bounds = new int[threads + 1];
        var clock = Stopwatch.StartNew();
        var cpu = CpuNow();
        var bytes = new LineChunkReader(eventsPath, chunkBytes).ReadAll((chunk, _) =>
        {
            if (copy.Length < chunk.Length)
            {
                copy = new byte[chunk.Length];
            }
            chunk.CopyTo(copy);
            bounds[0] = 0;
            for (var t = 1; t < threads; t++)
            {
                var cut = Math.Max(bounds[t - 1], (int)((long)chunk.Length * t / threads));
                var lineFeed = chunk[cut..].IndexOf((byte)'\n');
                bounds[t] = lineFeed < 0 ? chunk.Length : cut + lineFeed + 1;
            }
            bounds[threads] = chunk.Length;
            var data = copy;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var slice = data.AsSpan(bounds[t], bounds[t + 1] - bounds[t]);
                var start = 0;
                while (start < slice.Length)
                {
                    var lineFeed = slice[start..].IndexOf((byte)'\n');
                    var end = lineFeed < 0 ? slice.Length : start + lineFeed;
                    if (end > start)
                    {
                        lines[t]++;
                        if (!workers[t].Classify(slice[start..end], relevant[t]))
                        {
                            bad[t]++;
                        }
                        pairs[t] += relevant[t].Count;
                    }
                    start = end + 1;
                }
            });
        });
        evaluations = workers.Sum(w => w.Evaluations);
        return new BenchPhaseResult($"query set ({threads} threads)", bytes, lines.Sum(), clock.Elapsed, CpuNow() - cpu,
            workers.Sum(w => w.ParsedLines), pairs.Sum(), bad.Sum());
    }

    /// <summary>The indices of the events in the file's first lines (data_stream or envelope-free: as scan resolves them).</summary>
    public HashSet<string> IndicesInSample(ReadOnlySpan<byte> sample)
    {
        var indices = new HashSet<string>(StringComparer.Ordinal);
        while (!sample.IsEmpty)
        {
            var lineFeed = sample.IndexOf((byte)'\n');
            var line = lineFeed < 0 ? sample : sample[..lineFeed];
            sample = lineFeed < 0 ? default : sample[(lineFeed + 1)..];
            if (Vigil.Events.Readers.EventIndex.Resolve([], line, null) is { } index)
            {
                indices.Add(index);
            }
        }
        return indices;
    }

    /// <summary>
    /// The reading pipeline a scan uses: the reader drops the lines the rule set's prefilter rejects over whole
    /// buffers in <paramref name="threads"/> threads, and the delivered lines go to the queries in input order.
    /// </summary>
    public BenchPhaseResult Pipeline(BenchRuleSet rules, int threads)
    {
        var sink = new PipelineSink(rules);
        var clock = Stopwatch.StartNew();
        var cpu = CpuNow();
        var summary = InputReader.ReadPath(eventsPath, sink, new ReaderOptions
        {
            Format = InputFormat.Ndjson,
            Prefilter = rules.Union,
            Threads = threads,
        });
        var matches = sink.Finish();
        var name = threads == 1 ? "pipeline, 1 thread" : $"pipeline, {threads} threads";
        return new BenchPhaseResult(name, summary.Bytes, summary.Records + summary.Skipped, clock.Elapsed, CpuNow() - cpu,
            sink.Parsed, matches, sink.Bad);
    }

    private static TimeSpan CpuNow() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>The first bytes of the file cut at a line boundary, for calibrating anchors.</summary>
    public byte[] Sample(int maxBytes)
    {
        using var file = File.OpenRead(eventsPath);
        var buffer = new byte[maxBytes];
        var filled = file.ReadAtLeast(buffer, maxBytes, throwOnEndOfStream: false);
        var end = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
        return buffer.AsSpan(0, end < 0 ? filled : end + 1).ToArray();
    }
}
