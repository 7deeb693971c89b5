using Fleet.Infrastructure.Storage.S3;
using Microsoft.Extensions.Options;

namespace Fleet.Infrastructure.Storage;

/// <summary>One clear line per bad setting, checked at start-up; S3 settings only matter (and are checked) when Kind is S3.</summary>
public sealed class StorageOptionsValidation(Func<string, string?> environment) : IValidateOptions<StorageOptions>
{
    public StorageOptionsValidation() : this(Environment.GetEnvironmentVariable)
    {
    }

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!Enum.IsDefined(options.Kind))
            return ValidateOptionsResult.Fail($"{StorageOptions.Section}:Kind '{options.Kind}' is not Local or S3");
        if (options.Kind != StorageKind.S3)
            return ValidateOptionsResult.Success;

        var failures = Problems(options.S3, options.S3.WithEnvironment(environment)).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Problems(S3StorageOptions configured, S3StorageOptions resolved)
    {
        const string S3 = S3StorageOptions.Section;
        if (resolved.ServiceUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            var source = string.IsNullOrWhiteSpace(configured.ServiceUrl) ? "AWS_ENDPOINT_URL" : $"{S3}:ServiceUrl";
            yield return $"{source} '{url}' is not an absolute http:// or https:// URL";
        }
        if ((resolved.AccessKeyId is null) != (resolved.SecretAccessKey is null))
        {
            var missing = resolved.AccessKeyId is null ? "AccessKeyId" : "SecretAccessKey";
            yield return $"{S3}:{missing} is blank while its pair is set: set both, or neither to use the AWS SDK's credential chain";
        }
        if (resolved.Region is { } region && !region.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            yield return $"{S3}:Region '{region}' is not a region name like us-east-1";
        if (configured.MaxAttempts is < 1 or > 20)
            yield return $"{S3}:MaxAttempts {configured.MaxAttempts} is outside 1-20";
        if (configured.RetryDelay <= TimeSpan.Zero || configured.RetryDelay > TimeSpan.FromMinutes(1))
            yield return $"{S3}:RetryDelay {configured.RetryDelay} is outside (0, 00:01:00]";
        if (configured.PartBytes < S3StorageOptions.MinPartBytes)
            yield return $"{S3}:PartBytes {configured.PartBytes:N0} is under S3's smallest part of {S3StorageOptions.MinPartBytes:N0} bytes";
    }
}
