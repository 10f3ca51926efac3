using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;

namespace Vigil.Cli.Scanning;

/// <summary>
/// <c>vigil scan --follow</c>: every input read live (files like <c>tail -F</c>, stdin until it ends), one reader
/// thread each, into one follow-mode <see cref="DetectionSession"/> that writes each alert as soon as it is decided.
/// A wall-clock timer bounds how long events wait for time order: when the input has been idle a moment, or the
/// oldest waiting event has waited the reorder window, the session is flushed; sequences waiting on a trailing
/// missing-event stage are decided once the input has been idle for the reorder window. Ends when every input has
/// ended or on SIGINT/SIGTERM.
/// </summary>
public static class FollowScan
{
    /// <summary>Reads <paramref name="inputs"/> live into <paramref name="session"/> until they end or <paramref name="token"/> is cancelled.</summary>
    public static ReadSummary Read(DetectionSession session, IReadOnlyList<string> inputs, ReaderOptions readerOptions, TimeSpan reorderWindow,
        CancellationToken token)
    {
        var gate = new Gate(session, new LiveFlushTimer(session, reorderWindow));
        var summaries = new ReadSummary[inputs.Count];
        var readers = new List<Thread>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var slot = i;
            var input = inputs[i];
            var thread = new Thread(() => summaries[slot] = ReadOne(input, gate, readerOptions, token))
            {
                IsBackground = true,
                Name = "vigil follow " + input,
            };
            readers.Add(thread);
            thread.Start();
        }
        while (!token.IsCancellationRequested && readers.Any(static t => t.IsAlive))
        {
            token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50));
            gate.Tick();
        }
        foreach (var thread in readers)
        {
            // Followed files end at once when cancelled; a blocked stdin is left behind (background thread).
            thread.Join(TimeSpan.FromMilliseconds(500));
        }
        var total = default(ReadSummary);
        foreach (var s in summaries)
        {
            total += s;
        }
        return total;
    }

    /// <summary>Writes one alert line now (JSONL, Kibana's hit shape) and flushes, so a reader sees it at once.</summary>
    public static void Write(Stream output, AlertDocument alert, string index)
    {
        AlertJsonWriter.WriteLines(output, [alert], index);
        output.Flush();
    }

    private static ReadSummary ReadOne(string input, Gate gate, ReaderOptions options, CancellationToken token)
    {
        try
        {
            using Stream stream = input == "-" ? Console.OpenStandardInput() : new FollowedFile(input, token);
            return LiveInputReader.Read(stream, input == "-" ? "<stdin>" : input, gate, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            gate.Reject(new InputError(input, 0, null, $"cannot open: {e.Message}"));
            return new ReadSummary(1, 0, 1, 0);
        }
    }

    // Serialises the readers and the timer on the session.
    private sealed class Gate(DetectionSession session, LiveFlushTimer timer) : IRecordSink
    {
        private readonly Lock gate = new();

        public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
        {
            lock (gate)
            {
                timer.EventArrived();
                session.Accept(origin, source, index, id);
            }
        }

        public void Reject(InputError error)
        {
            lock (gate)
            {
                session.Reject(error);
            }
        }

        public void Tick()
        {
            lock (gate)
            {
                timer.Tick();
            }
        }
    }
}
