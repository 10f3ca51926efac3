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

    [Fact]
    public void PassesEveryRecordThroughAndReportsBytesEventsAndAlerts()
    {
        var inner = new CountingSink();
        var terminal = new StringWriter();
        var progress = new ProgressSink(inner, terminal);
        var line = "{\"a\":1}"u8.ToArray(); // 7 bytes + the newline the reader framed away = 8
        for (var i = 0; i < 10_000; i++)
        {
            progress.Accept(new RecordOrigin("x", i + 1, i * 8L), line, default, default);
        }
        progress.Reject(new InputError("x", 1, null, "bad"));
        progress.Complete(alerts: 3);

        Assert.Equal(10_000, inner.Accepted);
        Assert.Equal(1, inner.Rejected);
        var final = terminal.ToString().Split('\r')[^1].Trim();
        Assert.StartsWith("scanned 0.1 MB, 10,000 events", final, StringComparison.Ordinal);
        Assert.EndsWith("3 alert(s)", final, StringComparison.Ordinal);
    }
}
