using System.Text;
using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

/// <summary>Keeps copies of everything a reader delivers, for assertions.</summary>
internal sealed class CollectingSink : IRecordSink
{
    public List<(string Source, string Index, string Id, long Line, long Offset)> Records { get; } = [];

    public List<InputError> Errors { get; } = [];

    public List<string> Files { get; } = [];

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        Files.Add(origin.Source);
        Records.Add((Encoding.UTF8.GetString(source), Encoding.UTF8.GetString(index), Encoding.UTF8.GetString(id), origin.Line, origin.ByteOffset));
    }

    public void Reject(InputError error) => Errors.Add(error);

    public static CollectingSink Read(string text, ReaderOptions? options = null) => Read(Encoding.UTF8.GetBytes(text), options);

    public static CollectingSink Read(byte[] bytes, ReaderOptions? options = null)
    {
        var sink = new CollectingSink();
        InputReader.ReadStream(new MemoryStream(bytes), "test", sink, options);
        return sink;
    }
}
