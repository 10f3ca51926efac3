using System.Globalization;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

/// <summary>
/// The child process of <see cref="CrashTests"/>: appends numbered batches from several writers to a store and prints
/// <c>ack FIRST COUNT</c> for each once AppendAsync returned, until it is killed.
/// </summary>
internal static class CrashHelper
{
    public const string Verb = "store-crash-helper";

    public static async Task<int> RunAsync(string directory)
    {
        var output = Console.Out;
        var store = new SegmentEventStore(directory, new SegmentStoreOptions { MaxSegmentBytes = 1 << 20 });
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (long b = 0; ; b++)
            {
                var first = (writer * 1_000_000L + b) * 1000;
                var batch = TestEvents.Batch(first, random.Next(1, 200), TestEvents.Epoch, padding: random.Next(100, 1500));
                await store.AppendAsync(batch, CancellationToken.None);
                lock (output)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {first} {batch.Count}"));
                    output.Flush();
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);
        return 0;
    }
}
