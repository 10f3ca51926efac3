using Vigil.Eql.Runtime;
using Vigil.Events.Readers;

namespace Vigil.Cli.Bench;

/// <summary>
/// The bench's stand-in for a scan: every record the reader delivers goes to each query whose own prefilter may
/// match it (the reader already dropped the lines no query's literals can match).
/// </summary>
internal sealed class PipelineSink : IRecordSink, ISkipObserver
{
    private readonly BenchRuleSet rules;
    private readonly QueryRunner[] runners;

    public PipelineSink(BenchRuleSet rules)
    {
        this.rules = rules;
        runners = new QueryRunner[rules.Queries.Count];
        for (var i = 0; i < runners.Length; i++)
        {
            runners[i] = new QueryRunner(rules.Queries[i].Compiled);
        }
    }

    public long Delivered { get; private set; }

    public long Parsed { get; private set; }

    public long Bad { get; private set; }

    public long SkippedRecords { get; private set; }

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        Delivered++;
        for (var q = 0; q < runners.Length; q++)
        {
            var prefilter = rules.Queries[q].Prefilter;
            if (runners.Length > 1 && !prefilter.PassesEverything && !prefilter.MayMatch(source))
            {
                continue;
            }
            Parsed++;
            if (!runners[q].Push(source, origin.Source, origin.Line, out _))
            {
                Bad++;
            }
        }
    }

    public void Reject(InputError error) => Bad++;

    public void Skipped(long records, long bytesRead) => SkippedRecords += records;

    /// <summary>Matches over all queries.</summary>
    public long Finish()
    {
        long matches = 0;
        foreach (var runner in runners)
        {
            var result = runner.Finish();
            matches += result.IsSequenceResult ? result.Sequences.Count : result.Events.Count;
        }
        return matches;
    }
}
