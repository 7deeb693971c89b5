using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Fleet.Infrastructure.Storage.S3;

/// <summary>Bounded retries with exponential back-off and jitter for throttling and transient faults, and nothing else.</summary>
internal static partial class S3Retry
{
    /// <summary>What a request is doing, for the retry log line: "GET 'key' in bucket 'b'".</summary>
    public static readonly ResiliencePropertyKey<string> Target = new("fleet.s3.target");

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeoutException", "InternalError",
        "ServiceUnavailable",
    };

    public static ResiliencePipeline Pipeline(S3StorageOptions options, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxAttempts <= 1)
            return builder.Build();

        return builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
            MaxRetryAttempts = options.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            MaxDelay = TimeSpan.FromSeconds(10),
            OnRetry = args =>
            {
                LogRetry(logger, args.Context.Properties.GetValue(Target, "request"), Describe(args.Outcome.Exception!),
                    args.AttemptNumber + 2, options.MaxAttempts, args.RetryDelay.TotalMilliseconds);
                return default;
            },
        }).Build();
    }

    /// <summary>Throttling, 5xx, timeouts and broken connections; never a 4xx answer or the caller's own cancellation.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        AmazonServiceException service when IsTransientStatus(service.StatusCode) || TransientCodes.Contains(service.ErrorCode ?? "") => true,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        // The SDK wraps some network failures in its own exception types.
        AmazonClientException { InnerException: { } inner } => IsTransient(inner, cancellationToken),
        _ => false,
    };

    public static string Describe(Exception exception) => exception switch
    {
        AmazonServiceException { StatusCode: not 0 } service => $"{(int)service.StatusCode} {service.ErrorCode}: {service.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    [LoggerMessage(Level = LogLevel.Warning, Message = "S3 {Target} failed ({Reason}); try {Attempt} of {MaxAttempts} in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, string target, string reason, int attempt, int maxAttempts, double delayMs);
}
