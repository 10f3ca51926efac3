using Vigil.Cli.Scanning;
using Vigil.Events.Readers;

namespace Vigil.Cli.Tests;

public sealed class ProgressSinkTests
{
    private sealed class CountingSink : IRecordSink
    {
        public int Accepted { get; private set; }
        public int Rejected { get; private set; }

        public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id) => Accepted++;

        public void Reject(InputError error) => Rejected++;
    }

    private static readonly byte[] Line = "{\"a\":1}"u8.ToArray(); // 7 bytes + the newline the reader framed away = 8

    [Fact]
    public void PassesEveryRecordThroughAndReportsBytesEventsAndAlerts()
    {
        var inner = new CountingSink();
        var terminal = new StringWriter();
        var progress = new ProgressSink(inner, terminal, delay: TimeSpan.Zero);
        for (var i = 0; i < 10_000; i++)
        {
            progress.Accept(new RecordOrigin("x", i + 1, i * 8L), Line, default, default);
        }
        progress.Reject(new InputError("x", 1, null, "bad"));
        progress.Complete(alerts: 3);

        Assert.Equal(10_000, inner.Accepted);
        Assert.Equal(1, inner.Rejected);
        var final = terminal.ToString().Split('\r')[^1].Trim();
        Assert.StartsWith("scanned 0.1 MB, 10,000 events", final, StringComparison.Ordinal);
        Assert.EndsWith("3 alerts", final, StringComparison.Ordinal);
    }

    [Fact]
    public void AScanShorterThanTheDelayShowsNothing()
    {
        var terminal = new StringWriter();
        var progress = new ProgressSink(new CountingSink(), terminal, delay: TimeSpan.FromHours(1));
        for (var i = 0; i < 10_000; i++)
        {
            progress.Accept(new RecordOrigin("x", i + 1, i * 8L), Line, default, default);
        }
        progress.Complete(alerts: 3);
        Assert.Equal("", terminal.ToString());
    }

    [Fact]
    public void AKnownSizeGivesABarAPercentageAndAnEta()
    {
        // 4,096 lines of 8 bytes are 32,768 bytes: a quarter of 131,072.
        var progress = new ProgressSink(new CountingSink(), TextWriter.Null, totalBytes: 131_072, delay: TimeSpan.Zero);
        for (var i = 0; i < 4096; i++)
        {
            progress.Accept(new RecordOrigin("x", i + 1, i * 8L), Line, default, default);
        }
        var line = progress.Describe(final: false);
        Assert.StartsWith("[#####...............]  25% 0.0 of 0.1 MB, 4,096 events", line, StringComparison.Ordinal);
        Assert.Matches(", ETA [0-9]+ s$", line);
        Assert.StartsWith("scanned ", progress.Describe(final: true), StringComparison.Ordinal);
    }
}
