namespace Vigil.Eql.Compilation;

/// <summary>What a compiled statement produces.</summary>
public enum QueryShape
{
    Event,
    Sequence,
    Sample,
}
