namespace Vigil.Events.Readers;

/// <summary>
/// A piece of input that could not be read as an event: named by source and line (and column when known) with a
/// reason in plain words. Readers report these and go on; nothing valid next to it is dropped.
/// </summary>
public sealed record InputError(string Source, long Line, long? Column, string Reason)
{
    public override string ToString() =>
        Column is { } column ? $"{Source}:{Line}:{column}: {Reason}" : $"{Source}:{Line}: {Reason}";
}
