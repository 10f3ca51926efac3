using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Ingest;

/// <summary>
/// Reads a whole request body into one array, gzip-decoded when <c>Content-Encoding: gzip</c>, refusing more than the
/// limit (counted after decoding, so a small gzip bomb is refused too). The array is not pooled: documents are handed
/// to the store as slices of it, and the store may keep them past the request.
/// </summary>
public static class RequestBody
{
    private const int ChunkSize = 1 << 20;

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        string encoding = request.Headers.ContentEncoding.ToString().Trim();
        bool gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new BulkFormatException("illegal_argument_exception", $"unsupported Content-Encoding [{encoding}]: send gzip or nothing");
        }
        long? declared = request.ContentLength;
        if (declared > limit && !gzip)
        {
            throw new PayloadTooLargeException(limit);
        }
        try
        {
            if (!gzip && declared is { } length)
            {
                return await ReadExactAsync(request.Body, (int)length, cancellationToken).ConfigureAwait(false);
            }
            Stream source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
            await using (source.ConfigureAwait(false))
            {
                return await ReadChunkedAsync(source, limit, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new PayloadTooLargeException(limit);
        }
        catch (InvalidDataException bad)
        {
            throw new BulkFormatException("illegal_argument_exception", $"the gzip-encoded body could not be decoded: {bad.Message}");
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadExactAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(length);
        int read = await body.ReadAtLeastAsync(buffer, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return buffer.AsMemory(0, read);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadChunkedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var chunks = new List<(byte[] Buffer, int Length)>();
        long total = 0;
        try
        {
            while (true)
            {
                byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                int read = await body.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                chunks.Add((chunk, read));
                total += read;
                if (total > limit)
                {
                    throw new PayloadTooLargeException(limit);
                }
                if (read < chunk.Length)
                {
                    break;
                }
            }
            byte[] whole = GC.AllocateUninitializedArray<byte>((int)total);
            int at = 0;
            foreach (var (buffer, length) in chunks)
            {
                buffer.AsSpan(0, length).CopyTo(whole.AsSpan(at));
                at += length;
            }
            return whole;
        }
        finally
        {
            foreach (var (buffer, _) in chunks)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
