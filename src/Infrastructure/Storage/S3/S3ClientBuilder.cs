using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Fleet.Infrastructure.Storage.S3;

/// <summary>An S3 client that keeps objects intact on any endpoint and leaves retrying to <see cref="S3ObjectStore"/>.</summary>
public static class S3ClientBuilder
{
    private const string DefaultEndpointRegion = "us-east-1";

    /// <param name="options">Settings already filled from the environment (<see cref="S3StorageOptions.WithEnvironment"/>).</param>
    /// <param name="httpClientFactory">Replaces the SDK's HTTP client, e.g. to inject faults in tests.</param>
    public static AmazonS3Client Build(S3StorageOptions options, HttpClientFactory? httpClientFactory = null)
    {
        var config = new AmazonS3Config
        {
            // SDK 4 sends CRC checksums and aws-chunked bodies by default; S3-compatible servers that do not speak
            // that framing store it as the object's content. Checksums only where an operation requires one.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // One try per SDK call: the store's own retry (back-off with jitter, bounded) is the only one, so the two
            // never multiply.
            MaxErrorRetry = 0,
            ForcePathStyle = options.ForcePathStyle ?? options.ServiceUrl is not null,
        };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.Region ?? DefaultEndpointRegion;
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        if (httpClientFactory is not null)
            config.HttpClientFactory = httpClientFactory;

        return options.AccessKeyId is { } accessKeyId && options.SecretAccessKey is { } secretAccessKey
            ? new AmazonS3Client(new BasicAWSCredentials(accessKeyId, secretAccessKey), config)
            : new AmazonS3Client(config);
    }
}
