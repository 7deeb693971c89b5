using System.Buffers;
using Amazon.S3.Model;

namespace Fleet.Infrastructure.Storage.S3;

/// <summary>
/// Streamed writes: one PUT when the content fits in a part, else a multipart upload, one part in memory at a time
/// (each part retried on its own). An upload that fails is aborted, so no parts linger, and until it completes readers
/// see the old object.
/// </summary>
public sealed partial class S3ObjectStore
{
    public async Task WriteAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(options.PartBytes);
        try
        {
            var filled = await Fill(content, buffer.AsMemory(0, options.PartBytes), cancellationToken);
            if (filled < options.PartBytes)
            {
                await WriteAsync(bucket, key, buffer.AsMemory(0, filled), contentType, cancellationToken);
                return;
            }
            await UploadInParts(bucket, key, content, contentType, buffer, filled, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task UploadInParts(string bucket, string key, Stream content, string contentType, byte[] buffer, int filled, CancellationToken cancellationToken)
    {
        var upload = await Execute("multipart start", bucket, key, ct => client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = contentType }, ct), cancellationToken);
        var parts = new List<PartETag>();
        try
        {
            while (filled > 0)
            {
                var number = parts.Count + 1;
                var size = filled;
                var part = await Execute($"part {number} upload", bucket, key, ct => client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    InputStream = new MemoryStream(buffer, 0, size, writable: false),
                    PartSize = size,
                    // The same aws-chunked trap as a PUT (see S3ClientBuilder).
                    UseChunkEncoding = false,
                }, ct), cancellationToken);
                parts.Add(new PartETag(number, part.ETag));
                filled = await Fill(content, buffer.AsMemory(0, options.PartBytes), cancellationToken);
            }
            await Execute("multipart completion", bucket, key, ct => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, ct), cancellationToken);
        }
        catch
        {
            await Abort(bucket, key, upload.UploadId);
            throw;
        }
    }

    private async Task Abort(string bucket, string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId });
        }
        catch (Exception e)
        {
            // The upload's own failure is what the caller needs; a bucket lifecycle rule cleans up what is left.
            LogAbortFailed(key, bucket, e.Message);
        }
    }

    /// <summary>Reads until the buffer is full or the stream ends; a short count means the end.</summary>
    private static async Task<int> Fill(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer[filled..], cancellationToken)) > 0)
            filled += read;
        return filled;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Aborting the multipart upload of {Key} in bucket {Bucket} failed: {Reason}")]
    private partial void LogAbortFailed(string key, string bucket, string reason);
}
