namespace Vigil.Events.Readers;

/// <summary>What reading some inputs produced: inputs opened, records delivered, errors reported, bytes read.</summary>
public readonly record struct ReadSummary(int Inputs, long Records, long Errors, long Bytes)
{
    public static ReadSummary operator +(ReadSummary a, ReadSummary b) =>
        new(a.Inputs + b.Inputs, a.Records + b.Records, a.Errors + b.Errors, a.Bytes + b.Bytes);
}
