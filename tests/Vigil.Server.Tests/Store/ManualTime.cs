namespace Vigil.Server.Tests.Store;

/// <summary>A time source that only moves when the test moves it (segment age, deletion grace).</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
