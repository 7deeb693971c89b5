using System.Net;
using Amazon.S3;

namespace Fleet.Infrastructure.Storage.S3;

/// <summary>S3's answers as the store's exceptions, each naming the bucket and key.</summary>
internal static class S3Errors
{
    /// <summary>The exception to throw instead of <paramref name="exception"/>, or null to let it through as it is.</summary>
    public static Exception? Translate(Exception exception, string operation, string bucket, string key, int maxAttempts, CancellationToken cancellationToken)
    {
        if (exception is AmazonS3Exception s3)
        {
            if (s3.ErrorCode == "NoSuchBucket")
                return BucketMissing(bucket, operation, key, s3);
            if (s3.ErrorCode == "NoSuchKey" || s3.StatusCode == HttpStatusCode.NotFound)
                return new ObjectNotFoundException(bucket, key);
            if (s3.StatusCode == HttpStatusCode.Forbidden || s3.ErrorCode is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch")
                return new ObjectStoreException(
                    $"access denied to '{key}' in bucket '{bucket}' ({operation}: {S3Retry.Describe(s3)}); check the credentials and the bucket's policy", s3);
        }
        if (S3Retry.IsTransient(exception, cancellationToken))
            return new ObjectStoreException(
                $"S3 {operation} of '{key}' in bucket '{bucket}' failed after {maxAttempts} tries: {S3Retry.Describe(exception)}", exception);
        if (exception is AmazonS3Exception other)
            return new ObjectStoreException($"S3 {operation} of '{key}' in bucket '{bucket}' failed: {S3Retry.Describe(other)}", other);
        return null;
    }

    public static ObjectStoreException BucketMissing(string bucket, string operation, string key, Exception? inner = null) =>
        new($"bucket '{bucket}' does not exist ({operation} '{key}')", inner);
}
