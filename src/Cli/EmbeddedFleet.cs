using Fleet.Cli.Run;
using Fleet.Infrastructure.Messaging;
using Fleet.Orchestrator;
using Fleet.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Cli;

/// <summary>
/// Every role in one process: the in-memory bus, both sagas, the worker's consumers and local folders as buckets. The
/// distributed mode runs the same consumers and sagas with a broker, a database and S3 configured instead.
/// </summary>
public static class EmbeddedFleet
{
    public static IHost Build(bool verbose, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        // Every log line goes to stderr so stdout stays the run's own output.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services
            .AddOrchestratorOptions(builder.Configuration)
            .AddWorker(builder.Configuration)
            .AddSingleton<RunTracker>()
            .AddSingleton<BatchRunner>()
            .AddEmbeddedFleet(bus =>
            {
                bus.AddOrchestrator();
                bus.AddWorkerConsumers();
                bus.AddConsumer<RunProgressConsumer>();
            });
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
