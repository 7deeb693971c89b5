using Fleet.Worker.Assembly;
using Fleet.Worker.Chunks;
using Fleet.Worker.Documents;
using Fleet.Worker.Inspection;
using Fleet.Worker.Ocr;
using Fleet.Worker.Readiness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Worker;

public static class WorkerRegistration
{
    /// <summary>
    /// Limits, the OCR engine (loaded on first use: a text-layer-only batch never pays for it), the chunk processor and
    /// the local document cache the consumers read inputs through.
    /// </summary>
    public static IServiceCollection AddWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OcrOptions>().Bind(configuration.GetSection($"Fleet:{OcrOptions.SectionName}")).ValidateDataAnnotations()
            // The engine loads on the first OCR page; a GPU node asked for CUDA should not start at all without it.
            .Validate(o => o.Device != OcrDevice.Cuda || OcrModel.CudaCompiledIn, OcrModel.CudaMissing)
            .ValidateOnStart();
        services.AddSingleton<IOcrEngine>(sp => new PaddleOcrEngine(
            sp.GetRequiredService<IOptions<OcrOptions>>().Value, sp.GetRequiredService<ILogger<PaddleOcrEngine>>()));
        services.AddSingleton(sp => new Lazy<IOcrEngine>(sp.GetRequiredService<IOcrEngine>));
        services.AddSingleton<PageChunkProcessor>();
        services.AddSingleton<DocumentCache>();
        return services;
    }

    /// <summary>
    /// For a worker process of the fleet: the OCR engine loads at start, and readiness waits for it. (<c>fleet run</c>
    /// does without: there a text-layer-only batch never pays for loading the models.)
    /// </summary>
    public static IServiceCollection AddWorkerReadiness(this IServiceCollection services)
    {
        services.AddSingleton<OcrEngineWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<OcrEngineWarmup>());
        services.AddHealthChecks().AddCheck<OcrEngineHealthCheck>("ocr-engine", tags: [Fleet.Infrastructure.Hosting.HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>The worker's consumers: inspect a document, process a page chunk, assemble a document.</summary>
    public static void AddWorkerConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<InspectDocumentConsumer, InspectDocumentConsumerDefinition>();
        bus.AddConsumer<ProcessPageChunkConsumer, ProcessPageChunkConsumerDefinition>();
        bus.AddConsumer<AssembleDocumentConsumer, AssembleDocumentConsumerDefinition>();
    }
}
