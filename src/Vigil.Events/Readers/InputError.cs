namespace Vigil.Events.Readers;

/// <summary>
/// A piece of input that could not be read as an event: named by source and line (and column when known) with a
/// reason in plain words. Readers report these and go on; nothing valid next to it is dropped.
/// </summary>
public sealed record InputError(string Source, long Line, long? Column, string Reason)
{
    // The source name and the reason may carry bytes of the input (a file name, a value): neutralised for the terminal.
    public override string ToString() => Vigil.Events.Text.SafeText.Neutralise(
        Line <= 0 ? $"{Source}: {Reason}" : Column is { } column ? $"{Source}:{Line}:{column}: {Reason}" : $"{Source}:{Line}: {Reason}");
}
