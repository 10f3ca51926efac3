namespace Vigil.Eql.Compilation;

/// <summary>What a compiled statement produces.</summary>
public enum QueryShape
{
    Event,
    Sequence,
    Sample,
    /// <summary>Endgame join: one event per stage sharing a key, in any order.</summary>
    Join,
}
