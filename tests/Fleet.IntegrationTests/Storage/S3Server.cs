using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Fleet.Infrastructure.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.IntegrationTests.Storage;

/// <summary>
/// The test S3 server (s3rver on 127.0.0.1:4568 unless AWS_ENDPOINT_URL and the AWS_* credentials say otherwise), and
/// throwaway buckets on it.
/// </summary>
public static class S3Server
{
    public static S3StorageOptions Options(int maxAttempts = 5) => new S3StorageOptions
    {
        ServiceUrl = Environment("AWS_ENDPOINT_URL", "http://127.0.0.1:4568"),
        Region = Environment("AWS_REGION", "us-east-1"),
        AccessKeyId = Environment("AWS_ACCESS_KEY_ID", "S3RVER"),
        SecretAccessKey = Environment("AWS_SECRET_ACCESS_KEY", "S3RVER"),
        ForcePathStyle = true,
        MaxAttempts = maxAttempts,
        // Real back-off shape, test-sized delays.
        RetryDelay = TimeSpan.FromMilliseconds(5),
    };

    public static S3ObjectStore Store(S3StorageOptions options, HttpClientFactory? httpClientFactory = null) =>
        new(S3ClientBuilder.Build(options, httpClientFactory), options, NullLogger<S3ObjectStore>.Instance);

    public static async Task<string> CreateBucket(string purpose)
    {
        var bucket = $"fleet-test-{purpose}-{Guid.NewGuid():N}"[..40];
        using var client = S3ClientBuilder.Build(Options());
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    public static async Task DeleteBucket(string bucket)
    {
        using var client = S3ClientBuilder.Build(Options());
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token });
            foreach (var item in page.S3Objects ?? [])
                await client.DeleteObjectAsync(bucket, item.Key);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        await client.DeleteBucketAsync(bucket);
    }

    private static string Environment(string name, string fallback) =>
        System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
