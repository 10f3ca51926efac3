namespace Vigil.Events.Readers;

/// <summary>
/// Optionally implemented by a sink that wants to know about records the reader read but did not deliver because
/// the prefilter or a worker filter showed they cannot match (for counts and progress).
/// </summary>
public interface ISkipObserver
{
    /// <summary>
    /// <paramref name="records"/> more records were skipped; <paramref name="bytesRead"/> is how far into the current
    /// input the reader has delivered.
    /// </summary>
    void Skipped(long records, long bytesRead);
}
