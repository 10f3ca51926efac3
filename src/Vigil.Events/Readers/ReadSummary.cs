namespace Vigil.Events.Readers;

/// <summary>
/// What reading some inputs produced: inputs opened, records delivered, errors reported, bytes read, and records
/// read but not delivered because the prefilter or a worker filter showed they cannot match
/// (<see cref="ReaderOptions.Prefilter"/>).
/// </summary>
public readonly record struct ReadSummary(int Inputs, long Records, long Errors, long Bytes, long Skipped = 0)
{
    public static ReadSummary operator +(ReadSummary a, ReadSummary b) =>
        new(a.Inputs + b.Inputs, a.Records + b.Records, a.Errors + b.Errors, a.Bytes + b.Bytes, a.Skipped + b.Skipped);
}
