using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

/// <summary>
/// The O_DIRECT appender against ordinary writes: the same pieces, appended one group at a time, must give the same
/// bytes, whatever the pieces' sizes relative to the 4 KiB blocks and to the writer's buffer.
/// </summary>
public sealed class DirectAppendFileTests
{
    private const int Block = DirectAppendFile.BlockSize;

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 8)]
    [InlineData(3, 256)]
    public void Appends_give_the_same_bytes_as_buffered_writes_across_block_and_buffer_boundaries(int seed, int bufferBlocks)
    {
        using var folder = new StoreFolder();
        string directPath = Path.Combine(folder.Path, "direct");
        string bufferedPath = Path.Combine(folder.Path, "buffered");
        File.WriteAllBytes(directPath, []);
        using var direct = DirectAppendFile.TryOpen(directPath, bufferBlocks * Block);
        Assert.NotNull(direct); // the temp folder of the build machine is ext4; a run on tmpfs would stop here
        using var readable = File.OpenHandle(directPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var buffered = File.OpenHandle(bufferedPath, FileMode.CreateNew, FileAccess.ReadWrite);
        var random = new Random(seed);
        long length = 0;
        // Sizes chosen to land on, just before and just after block and buffer boundaries, and some empty groups.
        int[] sizes = [0, 1, Block - 1, Block, Block + 1, 2 * Block, bufferBlocks * Block - 1, bufferBlocks * Block, bufferBlocks * Block + 7, 3 * bufferBlocks * Block + 5];
        for (int group = 0; group < 60; group++)
        {
            var pieces = new List<ReadOnlyMemory<byte>>();
            for (int p = random.Next(0, 4); p >= 0; p--)
            {
                int size = random.Next(3) == 0 ? random.Next(0, 3 * Block) : sizes[random.Next(sizes.Length)];
                var bytes = new byte[size];
                random.NextBytes(bytes);
                pieces.Add(bytes);
            }
            direct!.Write(pieces, length, readable);
            RandomAccess.Write(buffered, pieces, length);
            length += pieces.Sum(piece => piece.Length);

            byte[] written = File.ReadAllBytes(directPath);
            Assert.Equal(0, written.Length % Block);
            Assert.True(written.Length >= length && written.Length < length + Block, $"file {written.Length} bytes for {length} of content");
            Assert.Equal(File.ReadAllBytes(bufferedPath), written.AsSpan(0, (int)length).ToArray());
            Assert.All(written.AsSpan((int)length).ToArray(), b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void An_append_after_the_file_was_cut_back_rereads_the_partial_block_and_continues_from_there()
    {
        using var folder = new StoreFolder();
        string path = Path.Combine(folder.Path, "direct");
        File.WriteAllBytes(path, []);
        using var direct = DirectAppendFile.TryOpen(path, 4 * Block);
        Assert.NotNull(direct);
        using var readable = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var random = new Random(7);
        byte[] first = new byte[3 * Block + 100];
        random.NextBytes(first);
        direct!.Write([first], 0, readable);
        // As after a failed group: the owner cuts the file back to a length it knows, inside a block, and appends there.
        long keep = 2 * Block + 10;
        RandomAccess.SetLength(readable, keep);
        byte[] second = new byte[Block + 3];
        random.NextBytes(second);
        direct.Write([second], keep, readable);

        byte[] expected = [.. first.AsSpan(0, (int)keep), .. second];
        Assert.Equal(expected, File.ReadAllBytes(path).AsSpan(0, expected.Length).ToArray());
    }

    [Fact]
    public async Task A_store_writing_direct_seals_the_same_files_as_one_writing_through_the_page_cache()
    {
        using var directFolder = new StoreFolder();
        using var bufferedFolder = new StoreFolder();
        var time = new ManualTime(TestEvents.Epoch);
        using (var directStore = new SegmentEventStore(directFolder.Path, new SegmentStoreOptions { Time = time, MaxSegmentBytes = 300_000, DirectWrites = true }))
        using (var bufferedStore = new SegmentEventStore(bufferedFolder.Path, new SegmentStoreOptions { Time = time, MaxSegmentBytes = 300_000, DirectWrites = false }))
        {
            var random = new Random(11);
            long number = 0;
            for (int append = 0; append < 40; append++)
            {
                var batch = new List<Vigil.Server.Store.IncomingEvent>();
                for (int i = random.Next(1, 60); i > 0; i--)
                {
                    var at = TestEvents.Epoch.AddSeconds(number);
                    batch.Add(TestEvents.Make(number++, at, at, padding: random.Next(0, 9000)));
                }
                await directStore.AppendAsync(batch, CancellationToken.None);
                await bufferedStore.AppendAsync(batch, CancellationToken.None);
            }
        }
        var directFiles = Directory.GetFiles(directFolder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var bufferedFiles = Directory.GetFiles(bufferedFolder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(bufferedFiles, directFiles);
        Assert.True(directFiles.Count(name => name!.EndsWith(".ndjson", StringComparison.Ordinal)) > 3, "the test should span several segments");
        foreach (string? name in directFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(bufferedFolder.Path, name!)), File.ReadAllBytes(Path.Combine(directFolder.Path, name!)));
        }
    }
}
