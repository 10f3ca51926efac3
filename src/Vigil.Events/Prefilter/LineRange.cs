namespace Vigil.Events.Prefilter;

/// <summary>A line inside a buffer: its first byte and its length without the line feed.</summary>
public readonly record struct LineRange(int Start, int Length)
{
    /// <summary>The offset just past the line's last byte (where its line feed is, if any).</summary>
    public int End => Start + Length;
}
