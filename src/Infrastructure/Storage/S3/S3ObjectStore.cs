using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Polly;

namespace Fleet.Infrastructure.Storage.S3;

/// <summary>
/// Buckets on S3 or any S3-compatible endpoint. Every request is retried on throttling and transient faults (bounded,
/// back-off with jitter; the client itself must not retry, see <see cref="S3ClientBuilder"/>); S3's errors come out as
/// <see cref="ObjectNotFoundException"/>, <see cref="ObjectChangedException"/> or an <see cref="ObjectStoreException"/>
/// that names the bucket and key.
/// </summary>
public sealed partial class S3ObjectStore(IAmazonS3 client, S3StorageOptions options, ILogger<S3ObjectStore> logger) : IObjectStore
{
    private readonly ResiliencePipeline retry = S3Retry.Pipeline(options, logger);

    public async Task<StoredObject?> FindAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var metadata = await Execute("HEAD", bucket, key,
                ct => client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, ct), cancellationToken);
            return new StoredObject(key, metadata.ContentLength, metadata.ETag);
        }
        catch (ObjectNotFoundException)
        {
            // A HEAD answer has no body, so a missing bucket looks like a missing key: ask about the bucket itself.
            if (!await BucketExists(bucket, key, cancellationToken))
                throw S3Errors.BucketMissing(bucket, "HEAD", key);
            return null;
        }
    }

    public Task<byte[]> ReadAllBytesAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        Execute("GET", bucket, key, async ct =>
        {
            using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct);
            using var buffer = new MemoryStream(checked((int)Math.Max(0, response.ContentLength)));
            await response.ResponseStream.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }, cancellationToken);

    public async Task<Stream> OpenReadAsync(string bucket, string key, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var response = await Execute("GET", bucket, key, async ct =>
        {
            try
            {
                return await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, EtagToMatch = ifMatch }, ct);
            }
            catch (AmazonS3Exception e) when (ifMatch is not null && e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                throw new ObjectChangedException(bucket, key, ifMatch);
            }
        }, cancellationToken);

        // Some S3-compatible servers (s3rver 3.7) ignore If-Match: the answer's own ETag is checked as well.
        if (ifMatch is not null && !SameETag(response.ETag, ifMatch))
        {
            response.Dispose();
            throw new ObjectChangedException(bucket, key, ifMatch);
        }
        return response.ResponseStream;
    }

    public async Task<OpenedObject?> OpenCurrentAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        try
        {
            // A GET, unlike a HEAD, says NoSuchBucket apart from NoSuchKey: no second request to tell them apart.
            var response = await Execute("GET", bucket, key,
                ct => client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct), cancellationToken);
            return new OpenedObject(new StoredObject(key, response.ContentLength, response.ETag), response.ResponseStream);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    public Task WriteAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default) =>
        Execute("PUT", bucket, key, ct => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            // A fresh stream per try: the SDK reads (and closes) the one it is given.
            InputStream = StreamOver(content),
            ContentType = contentType,
            UseChunkEncoding = false,
        }, ct), cancellationToken);

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        Execute("DELETE", bucket, key, ct => client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, ct), cancellationToken);

    public async IAsyncEnumerable<StoredObject> ListAsync(string bucket, string prefix, bool recursive, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var token = continuation;
            var page = await Execute("LIST", bucket, prefix, ct => client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket,
                Prefix = prefix,
                // Without recursion, "folders" come back as common prefixes, which are not objects.
                Delimiter = recursive ? null : "/",
                ContinuationToken = token,
            }, ct), cancellationToken);

            foreach (var item in page.S3Objects ?? [])
            {
                // A key ending in '/' is a console's "folder" marker, not a document.
                if (!item.Key.EndsWith('/'))
                    yield return new StoredObject(item.Key, item.Size ?? 0, item.ETag);
            }
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    private async Task<bool> BucketExists(string bucket, string key, CancellationToken cancellationToken) =>
        await Execute("HEAD bucket", bucket, key, async ct =>
        {
            try
            {
                await client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, ct);
                return true;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>One request (or a few parts of one) through the retry pipeline, with S3's errors translated.</summary>
    private async Task<T> Execute<T>(string operation, string bucket, string key, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(S3Retry.Target, $"{operation} '{key}' in bucket '{bucket}'");
        try
        {
            return await retry.ExecuteAsync(async c => await request(c.CancellationToken), context);
        }
        catch (Exception e) when (S3Errors.Translate(e, operation, bucket, key, options.MaxAttempts, cancellationToken) is { } translated)
        {
            throw translated;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static MemoryStream StreamOver(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private static bool SameETag(string? a, string b) =>
        a is not null && string.Equals(a.Trim('"'), b.Trim('"'), StringComparison.OrdinalIgnoreCase);
}
