using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Ingest;

/// <summary>
/// Reads a whole request body into one array, gzip-decoded when <c>Content-Encoding: gzip</c>, refusing more than the
/// limit (counted after decoding, so a small gzip bomb is refused too). The array is rented from the shared pool and
/// goes back when the caller disposes the <see cref="RentedBody"/>: documents are handed to the store as slices of
/// it, and a store copies what it keeps before its append completes (see <see cref="Store.IEventStore.AppendAsync"/>).
/// A fresh array per request (15 MB for Beats' default batch) went to the large-object heap and forced a full
/// collection every few requests, with every in-flight document promoted on the way.
/// </summary>
public static class RequestBody
{
    private const int ChunkSize = 1 << 20;

    public static async Task<RentedBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
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

    private static async Task<RentedBody> ReadExactAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            int read = await body.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return new RentedBody(buffer, read);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static async Task<RentedBody> ReadChunkedAsync(Stream body, long limit, CancellationToken cancellationToken)
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
            byte[] whole = ArrayPool<byte>.Shared.Rent(Math.Max((int)total, 1));
            int at = 0;
            foreach (var (buffer, length) in chunks)
            {
                buffer.AsSpan(0, length).CopyTo(whole.AsSpan(at));
                at += length;
            }
            return new RentedBody(whole, (int)total);
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
