namespace Vigil.Events.Projection;

/// <summary>The outcome of filling a frame: success, or why the bytes are not a JSON object and where (1-based).</summary>
public readonly record struct FrameLoadResult(bool Success, long Line, long Column, string? Error)
{
    public static FrameLoadResult Ok => new(true, 0, 0, null);
}
