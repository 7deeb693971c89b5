using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.Health;

/// <summary>Ready when the object store answers a lookup in the configured bucket (a HEAD with S3).</summary>
public sealed class ObjectStoreHealthCheck(IObjectStore store, IOptions<IngestApiOptions> options) : IHealthCheck
{
    private const string ProbeKey = ".fleet-readiness-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bucket = options.Value.ReadinessBucket ?? options.Value.UploadBucket;
        try
        {
            await store.FindAsync(bucket, ProbeKey, cancellationToken);
            return HealthCheckResult.Healthy($"bucket '{bucket}' reachable");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"bucket '{bucket}' unreachable: {e.Message}", e);
        }
    }
}
