using Fleet.Cli.Run;
using Fleet.Infrastructure.Messaging;
using Fleet.Orchestrator;
using Fleet.Worker;
using MassTransit;
using Microsoft.Extensions.Configuration;
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
    /// <summary>The generic host of <c>fleet run</c>: every role plus the console's progress tracking.</summary>
    public static IHost Build(bool verbose, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        builder.Logging.AddFleetConsole(verbose);
        // Every log line goes to stderr so stdout stays the run's own output.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services
            .AddSingleton<RunTracker>()
            .AddSingleton<BatchRunner>()
            .AddEmbeddedRoles(builder.Configuration, bus => bus.AddConsumer<RunProgressConsumer>());
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// The orchestrator's sagas and the worker's consumers on the in-memory bus, with their options. Shared by
    /// <c>fleet run</c> and <c>fleet serve</c>; <paramref name="addObservers"/> adds a host's own consumers.
    /// </summary>
    public static IServiceCollection AddEmbeddedRoles(this IServiceCollection services, IConfiguration configuration,
        Action<IBusRegistrationConfigurator>? addObservers = null) =>
        services
            .AddOrchestratorOptions(configuration)
            .AddWorker(configuration)
            .AddEmbeddedFleet(bus =>
            {
                bus.AddOrchestrator();
                bus.AddWorkerConsumers();
                addObservers?.Invoke(bus);
            });

    /// <summary>One line per entry with a timestamp; warnings and errors only unless verbose.</summary>
    public static ILoggingBuilder AddFleetConsole(this ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        return logging;
    }
}
