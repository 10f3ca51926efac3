using System.Diagnostics;
using Vigil.Events.Readers;

namespace Vigil.Cli.Scanning;

/// <summary>
/// Passes records through to the scan while redrawing one progress line on a terminal's stderr (a bar with the
/// percentage and ETA when the input size is known, bytes read, events, events/s) at most four times a second,
/// and only once the scan has run for a second: a quick scan is not worth the flicker. Only used when stderr is a
/// terminal, so piped or logged output never holds carriage returns.
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
    private readonly long? totalBytes;
    private readonly long delayTicks;
    private bool drawn;

    /// <param name="totalBytes">The input's size when known (<see cref="Input.InputSize"/>), for the bar and the ETA.</param>
    /// <param name="delay">How long the scan runs before the line first appears; one second by default.</param>
    public ProgressSink(IRecordSink inner, TextWriter terminal, long? totalBytes = null, TimeSpan? delay = null)
    {
        this.inner = inner;
        this.terminal = terminal;
        this.totalBytes = totalBytes is > 0 ? totalBytes : null;
        delayTicks = (long)((delay ?? TimeSpan.FromSeconds(1)).TotalSeconds * Stopwatch.Frequency);
        nextDrawTicks = delayTicks;
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

    /// <summary>Once the line was shown: replaces it with the final figures and the number of alerts (when known yet).</summary>
    public void Complete(int? alerts = null)
    {
        if (!drawn)
        {
            return;
        }
        terminal.Write('\r');
        var tail = alerts is { } n ? $", {n} {(n == 1 ? "alert" : "alerts")}" : "";
        terminal.WriteLine($"{Describe(final: true)}{tail}".PadRight(Width));
    }

    private const int Width = 78;

    private void Draw()
    {
        drawn = true;
        terminal.Write('\r');
        terminal.Write(Describe(final: false).PadRight(Width));
        terminal.Flush();
    }

    /// <summary>The line: "[#####.....]  45% 450.1 of 1000.0 MB, 1,234 events (5,000 events/s), ETA 12 s" or, size unknown, "scanned ...".</summary>
    public string Describe(bool final)
    {
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var rate = $"{records:N0} events ({records / seconds:N0} events/s, {bytes / 1_000_000.0 / seconds:F0} MB/s)";
        if (totalBytes is not { } total || bytes > total || final)
        {
            return $"scanned {bytes / 1_000_000.0:F1} MB, {rate}";
        }
        var fraction = (double)bytes / total;
        const int barWidth = 20;
        var filled = (int)(fraction * barWidth);
        var eta = bytes == 0 ? "" : $", ETA {FormatEta(seconds * (total - bytes) / bytes)}";
        return $"[{new string('#', filled)}{new string('.', barWidth - filled)}] {fraction * 100,3:F0}% {bytes / 1_000_000.0:F1} of {total / 1_000_000.0:F1} MB, {rate}{eta}";
    }

    private static string FormatEta(double seconds) =>
        seconds < 60 ? $"{Math.Ceiling(seconds):F0} s" : seconds < 3600 ? $"{(int)(seconds / 60)} min {(int)(seconds % 60)} s" : $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60)} min";
}
