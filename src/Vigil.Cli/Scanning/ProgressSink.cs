using System.Diagnostics;
using Vigil.Events.Readers;

namespace Vigil.Cli.Scanning;

/// <summary>
/// Passes records through to the scan while redrawing one progress line on a terminal's stderr (bytes read,
/// events, events/s) at most four times a second; the caller prints the final figures with the alert count.
/// Only used when stderr is a terminal, so piped or logged output never holds carriage returns.
/// </summary>
public sealed class ProgressSink : IRecordSink, ISkipObserver
{
    private readonly IRecordSink inner;
    private readonly TextWriter terminal;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long nextDrawTicks;
    private long bytes;
    private long records;
    // Skipped records arrive with the reader's position in the current input; a smaller position means a new input.
    private long inputPosition;
    private long inputsBefore;
    private long deliveredInInput;

    public ProgressSink(IRecordSink inner, TextWriter terminal)
    {
        this.inner = inner;
        this.terminal = terminal;
    }

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        records++;
        deliveredInInput += source.Length + 1;
        bytes = inputsBefore + Math.Max(inputPosition, deliveredInInput);
        inner.Accept(origin, source, index, id);
        // Checking the clock only every 4,096 records keeps the cost off the per-event path.
        if ((records & 4095) == 0)
        {
            MaybeDraw();
        }
    }

    public void Skipped(long skippedRecords, long bytesRead)
    {
        if (bytesRead < inputPosition)
        {
            inputsBefore += inputPosition;
            deliveredInInput = 0;
        }
        inputPosition = bytesRead;
        records += skippedRecords;
        bytes = inputsBefore + Math.Max(inputPosition, deliveredInInput);
        (inner as ISkipObserver)?.Skipped(skippedRecords, bytesRead);
        MaybeDraw();
    }

    private void MaybeDraw()
    {
        if (clock.ElapsedTicks >= nextDrawTicks)
        {
            Draw();
            nextDrawTicks = clock.ElapsedTicks + Stopwatch.Frequency / 4;
        }
    }

    public void Reject(InputError error) => inner.Reject(error);

    /// <summary>Clears the progress line and writes the final one, with the number of alerts written.</summary>
    public void Complete(int alerts)
    {
        terminal.Write('\r');
        terminal.WriteLine($"{Describe()}, {alerts} alert(s)".PadRight(78));
    }

    private void Draw()
    {
        terminal.Write('\r');
        terminal.Write(Describe().PadRight(78));
        terminal.Flush();
    }

    private string Describe()
    {
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        return $"scanned {bytes / 1_000_000.0:F1} MB, {records:N0} events ({records / seconds:N0} events/s, {bytes / 1_000_000.0 / seconds:F0} MB/s)";
    }
}
