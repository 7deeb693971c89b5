using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Worker.Readiness;

/// <summary>A worker is ready once its OCR engine has loaded (models read, ONNX Runtime sessions created).</summary>
public sealed class OcrEngineHealthCheck(OcrEngineWarmup warmup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warmup switch
        {
            { Loaded: true } => HealthCheckResult.Healthy("OCR engine loaded"),
            { Failure: { } failure } => HealthCheckResult.Unhealthy($"OCR engine failed to load: {failure}"),
            _ => HealthCheckResult.Unhealthy("OCR engine loading"),
        });
}
