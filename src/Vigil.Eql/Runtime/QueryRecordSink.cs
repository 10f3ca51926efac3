using Vigil.Events.Readers;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Connects a reader to a query: each record the reader frames is loaded into the runner's frame and matched
/// (records must arrive in time order). Bad records, from the reader or unparsable JSON, are collected, not thrown.
/// </summary>
public sealed class QueryRecordSink : IRecordSink
{
    private readonly QueryRunner runner;

    public QueryRecordSink(QueryRunner runner) => this.runner = runner ?? throw new ArgumentNullException(nameof(runner));

    public List<InputError> Errors { get; } = [];

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        if (!runner.Push(source, origin.Source, origin.Line, out var problem) && problem is not null)
        {
            Errors.Add(new InputError(problem.Origin, problem.Line, problem.Column, problem.Reason));
        }
    }

    public void Reject(InputError error) => Errors.Add(error);
}
