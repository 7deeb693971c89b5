namespace Fleet.Infrastructure.Storage.S3;

/// <summary>
/// The S3 endpoint and credentials. A blank setting falls back to the AWS SDK's usual environment: AWS_ENDPOINT_URL
/// (or AWS_ENDPOINT_URL_S3), AWS_REGION, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, then the SDK's own chain (profile,
/// instance or pod role).
/// </summary>
public sealed class S3StorageOptions
{
    public const string Section = $"{StorageOptions.Section}:S3";

    public const int MinPartBytes = 5 * 1024 * 1024;

    /// <summary>An S3-compatible endpoint (MinIO, s3rver); blank for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string? Region { get; set; }

    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Bucket in the path instead of the host name; when not set, on for a custom endpoint and off for AWS.</summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>Tries of one request, the first included, on throttling and transient faults.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First back-off between tries; it doubles each time, with jitter, up to 10 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Streamed writes larger than this go up in parts of this size (S3's smallest part is 5 MiB).</summary>
    public int PartBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>These settings with blanks filled from the environment, as the store will use them.</summary>
    public S3StorageOptions WithEnvironment(Func<string, string?> environment)
    {
        string? Setting(string? configured, params string[] variables) =>
            !string.IsNullOrWhiteSpace(configured) ? configured.Trim()
                : variables.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

        var accessKeyId = Setting(AccessKeyId);
        var secretAccessKey = Setting(SecretAccessKey);
        var resolved = (S3StorageOptions)MemberwiseClone();
        resolved.ServiceUrl = Setting(ServiceUrl, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        resolved.Region = Setting(Region, "AWS_REGION", "AWS_DEFAULT_REGION");
        // A key pair comes whole from configuration or whole from the environment, never half from each.
        if (accessKeyId is null && secretAccessKey is null)
        {
            accessKeyId = Setting(null, "AWS_ACCESS_KEY_ID");
            secretAccessKey = Setting(null, "AWS_SECRET_ACCESS_KEY");
        }
        resolved.AccessKeyId = accessKeyId;
        resolved.SecretAccessKey = secretAccessKey;
        return resolved;
    }
}
