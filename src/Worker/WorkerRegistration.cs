using Fleet.Engine.Ocr;
using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Messaging;
using Fleet.Infrastructure.Telemetry;
using Fleet.Worker.Assembly;
using Fleet.Worker.Chunks;
using Fleet.Worker.Documents;
using Fleet.Worker.Inspection;
using Fleet.Worker.Readiness;
using Fleet.Worker.Recognition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
            .Validate(o => o.Device != OcrDevice.Cuda || OcrOptions.CudaCompiledIn, OcrOptions.CudaMissing)
            .ValidateOnStart();
        services.AddSingleton<IOcrEngine>(sp => new PaddleOcrEngine(
            sp.GetRequiredService<IOptions<OcrOptions>>().Value, sp.GetRequiredService<ILogger<PaddleOcrEngine>>()));
        services.AddSingleton(sp => new Lazy<IOcrEngine>(sp.GetRequiredService<IOcrEngine>));
        services.AddSingleton<PageChunkProcessor>();
        services.AddSingleton<DocumentCache>();
        services.AddFleetMetrics();
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
        services.AddHealthChecks().AddCheck<OcrEngineHealthCheck>("ocr-engine", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>
    /// SIGTERM lets the chunks in flight finish within <see cref="WorkerOptions.ShutdownGrace"/>: the bus stops taking
    /// new ones at once, unacknowledged prefetched chunks go back to the broker, and only then are running ones cancelled.
    /// </summary>
    public static IServiceCollection AddGracefulWorkerShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        var grace = configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>()?.ShutdownGrace ?? new WorkerOptions().ShutdownGrace;
        services.Configure<MassTransitHostOptions>(o => (o.ConsumerStopTimeout, o.StopTimeout) = (grace, grace + TimeSpan.FromSeconds(10)));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = grace + TimeSpan.FromSeconds(15));
        return services;
    }

    /// <summary>
    /// The worker's consumers on the bus: inspect a document, process a page chunk, assemble a document, answer a
    /// recognition request. They hold no database state (idempotent by design), so their endpoints skip the
    /// transactional inbox/outbox.
    /// </summary>
    public static readonly BusRole Bus = new((bus, _) =>
    {
        bus.AddConsumer<InspectDocumentConsumer, InspectDocumentConsumerDefinition>();
        bus.AddConsumer<ProcessPageChunkConsumer, ProcessPageChunkConsumerDefinition>();
        bus.AddConsumer<AssembleDocumentConsumer, AssembleDocumentConsumerDefinition>();
        bus.AddConsumer<RecognizeDocumentConsumer, RecognizeDocumentConsumerDefinition>();
    }, StatelessEndpoints: WorkerEndpoints.Names);
}
