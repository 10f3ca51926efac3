using System.Diagnostics;
using System.Text;

namespace Vigil.Cli.Tests.Fuzz;

/// <summary>
/// An in-process random-mutation fuzzer: inputs are seeds (the rule corpus, the ES QA queries, the example events,
/// the shipped rules) mutated by byte flips, insertions and deletions, tokens from a dictionary, repetitions (what
/// finds quadratic behaviour) and splices of two seeds. It counts inputs tried, crashes (any exception escaping a
/// target) and slow inputs (more than 1 s per KB, at least 1 s), and keeps the first of each to reproduce.
/// </summary>
internal sealed class FuzzCampaign(string target, int seed)
{
    private static readonly string[] Dictionary =
    [
        "sequence", "by", "with", "maxspan=", "until", "where", "and", "or", "not", "in", "in~", ":", "==", "!=", "like", "like~",
        "regex", "regex~", "|", "head", "tail", "filter", "sample", "runs=", "any", "process", "network", "true", "false", "null",
        "\"", "\"\"\"", "'", "\\", "\\u", "\\x", "(", ")", "[", "]", "{", "}", ",", "*", "?", "`", "~", "!", "\n", "\r\n", "\t",
        "{\"", "\":", "\"_source\":", "\"hits\":{\"hits\":[", "{\"index\":{}}\n", "@timestamp", "1e400", "-0", "\u0000", "\u001b[2J",
        "[rule]", "[metadata]", "query = '''", "'''", "\"\"\"", "= [", "osquery", "!{osquery{", "}}", "{{", "kibana.alert.",
    ];

    private readonly Random random = new(seed);
    private readonly Action<byte[]> run = FuzzTargets.Get(target);
    private readonly List<byte[]> seeds = FuzzSeeds.For(target);

    public long Inputs { get; private set; }

    /// <summary>How many seed inputs the campaign mutates.</summary>
    public int SeedCount => seeds.Count;

    public long Crashes { get; private set; }

    public long Slow { get; private set; }

    public List<(byte[] Input, string Problem)> Findings { get; } = [];

    /// <summary>Runs for <paramref name="duration"/>; returns a one-line summary.</summary>
    public string Run(TimeSpan duration)
    {
        // Warm-up, untimed: the first call loads schemas and compiles code, which is not the input's doing.
        try
        {
            run(seeds[0]);
        }
        catch (Exception)
        {
            // Counted when the seed is tried below.
        }
        var clock = Stopwatch.StartNew();
        foreach (var seed in seeds)
        {
            Try(seed);
        }
        while (clock.Elapsed < duration)
        {
            Try(Mutate());
        }
        return $"{target}: {Inputs} inputs in {clock.Elapsed.TotalSeconds:F0} s ({Inputs / Math.Max(1, clock.Elapsed.TotalSeconds):F0}/s), {seeds.Count} seeds, {Crashes} crashes, {Slow} slow (>1 s/KB)";
    }

    private void Try(byte[] input)
    {
        Inputs++;
        var started = Stopwatch.GetTimestamp();
        try
        {
            run(input);
        }
        catch (Exception e)
        {
            Crashes++;
            if (Findings.Count < 10)
            {
                Findings.Add((input, $"crash: {e.GetType().Name}: {e.Message}\n{e.StackTrace}"));
            }
            return;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed > TimeSpan.FromSeconds(Math.Max(1.0, input.Length / 1024.0)))
        {
            Slow++;
            if (Findings.Count < 10)
            {
                Findings.Add((input, $"slow: {elapsed.TotalSeconds:F1} s for {input.Length} bytes"));
            }
        }
    }

    private byte[] Mutate()
    {
        var data = new List<byte>(seeds[random.Next(seeds.Count)]);
        var rounds = 1 + random.Next(8);
        for (var r = 0; r < rounds; r++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count + 1);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0:
                    data[Math.Min(at, data.Count - 1)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when data.Count > 0:
                    var length = Math.Min(1 + random.Next(16), data.Count - Math.Min(at, data.Count - 1));
                    data.RemoveRange(Math.Min(at, data.Count - 1), length);
                    break;
                case 3:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Dictionary[random.Next(Dictionary.Length)]));
                    break;
                case 4:
                    // Repetition: a token many times over is what exposes work that grows faster than the input.
                    var token = Encoding.UTF8.GetBytes(Dictionary[random.Next(Dictionary.Length)]);
                    var times = 1 << random.Next(12);
                    var repeated = new byte[token.Length * times];
                    for (var i = 0; i < times; i++)
                    {
                        token.CopyTo(repeated, i * token.Length);
                    }
                    data.InsertRange(at, repeated);
                    break;
                case 5:
                    var other = seeds[random.Next(seeds.Count)];
                    var from = other.Length == 0 ? 0 : random.Next(other.Length);
                    data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(256))).ToArray());
                    break;
                default:
                    if (data.Count > 1)
                    {
                        data.RemoveRange(at == data.Count ? at - 1 : at, data.Count - (at == data.Count ? at - 1 : at));
                    }
                    break;
            }
        }
        return data.ToArray();
    }
}
