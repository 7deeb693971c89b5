using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>Ready when the drop's queue answers (and says how many notifications wait on it).</summary>
public sealed class SqsQueueHealthCheck(IAmazonSQS sqs, IOptions<BucketDropOptions> options) : IHealthCheck
{
    private const string Waiting = "ApproximateNumberOfMessages";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var queue = options.Value.Sqs.QueueUrl;
        try
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queue, AttributeNames = [Waiting] }, cancellationToken);
            return HealthCheckResult.Healthy($"queue {queue} reachable, {attributes.Attributes?.GetValueOrDefault(Waiting) ?? "?"} messages waiting");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"queue {queue} unreachable: {e.Message}", e);
        }
    }
}
