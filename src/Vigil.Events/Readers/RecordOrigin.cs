namespace Vigil.Events.Readers;

/// <summary>Where one event record came from: the input's display name, its 1-based line and byte offset.</summary>
public readonly record struct RecordOrigin(string Source, long Line, long ByteOffset)
{
    public override string ToString() => $"{Source}:{Line}";
}
