using Vigil.Events.Prefilter;
using Vigil.Events.Readers;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Connects a reader to a <see cref="StreamingQuery"/>: records the prefilter rules out are counted and skipped
/// unparsed; the others are offered in input order. Bad records, from the reader or unreadable JSON, go to the error
/// callback as they come, with their place; reading goes on.
/// </summary>
public sealed class StreamingQuerySink : IRecordSink
{
    private readonly StreamingQuery query;
    private readonly LinePrefilter prefilter;
    private readonly Action<InputError> onError;
    private long arrival;

    public StreamingQuerySink(StreamingQuery query, LinePrefilter prefilter, Action<InputError> onError)
    {
        this.query = query ?? throw new ArgumentNullException(nameof(query));
        this.prefilter = prefilter ?? throw new ArgumentNullException(nameof(prefilter));
        this.onError = onError ?? throw new ArgumentNullException(nameof(onError));
    }

    /// <summary>Records received (candidates or not).</summary>
    public long Records { get; private set; }

    /// <summary>Records the prefilter ruled out: not parsed.</summary>
    public long SkippedByPrefilter { get; private set; }

    /// <summary>Records reported as bad (by the reader or when parsed).</summary>
    public long Errors { get; private set; }

    /// <summary>Most events waiting in the reorder buffer at once.</summary>
    public int PeakBuffered { get; private set; }

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        Records++;
        var order = arrival++;
        // Still checked when the reader already skips non-candidates itself: the decision is the same, so it stays
        // correct either way and costs one search per candidate.
        if (!prefilter.MayMatch(source))
        {
            SkippedByPrefilter++;
            return;
        }
        byte[]? copy = null;
        if (!query.Offer(source, order, origin.Source, origin.Line, ref copy, out var problem) && problem is not null)
        {
            Reject(new InputError(problem.Origin, problem.Line, problem.Column, problem.Reason));
        }
        PeakBuffered = Math.Max(PeakBuffered, query.Buffered);
    }

    public void Reject(InputError error)
    {
        Errors++;
        onError(error);
    }
}
