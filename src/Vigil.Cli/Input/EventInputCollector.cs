using Vigil.Eql.Runtime;
using Vigil.Events.Readers;

namespace Vigil.Cli.Input;

/// <summary>
/// Keeps every record a reader frames as an <see cref="EventInput"/> (a copy of its bytes, its file and line), for
/// the in-memory paths that need the whole input (the conformance harness's index data); bad records go to the
/// callback as <see cref="InputProblem"/>s.
/// </summary>
public sealed class EventInputCollector(Action<InputProblem> onProblem) : IRecordSink
{
    public List<EventInput> Events { get; } = [];

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id) =>
        Events.Add(new EventInput(source.ToArray(), origin.Source, origin.Line));

    public void Reject(InputError error) => onProblem(new InputProblem(error.Source, error.Line, error.Column, error.Reason));
}
