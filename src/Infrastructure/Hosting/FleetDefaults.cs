using Fleet.Infrastructure.Messaging;
using Fleet.Infrastructure.Persistence;
using Fleet.Infrastructure.Storage;
using Fleet.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Infrastructure.Hosting;

/// <summary>
/// What every Fleet process adds, whichever roles it runs (the eShop "service defaults"): console logging, the object
/// store, the database, health checks and their endpoints, metrics (<c>/metrics</c>) and traces, and the way it starts
/// and reports where it listens.
/// </summary>
public static class FleetDefaults
{
    public static IServiceCollection AddFleetDefaults(this IServiceCollection services, IConfiguration configuration, FleetRoles roles)
    {
        services.AddObjectStore(configuration);
        services.AddFleetDatabase(configuration);
        services.AddHealthChecks();
        services.AddFleetTelemetry(configuration, roles);
        if (!roles.HasFlag(FleetRoles.All))
        {
            services.AddOptions<BusOptions>().Validate(o => o.Transport != BusTransport.InMemory,
                $"Fleet:Bus:Transport is InMemory, which reaches only this process, but it runs only the {roles.Describe()} role(s): " +
                "run every role (fleet serve without --role) or point all processes at one broker (Fleet__Bus__Transport=RabbitMq).");
        }
        return services;
    }

    public const string LogFormatSetting = "Fleet:Logging:Format";

    /// <summary>
    /// One line per entry with a timestamp, and the batch, document and chunk ids of the message being consumed;
    /// warnings and errors only unless verbose (or <c>Logging__LogLevel__Default</c> says). With
    /// <c>Fleet:Logging:Format=Json</c> (production) each line is a JSON object with those ids as scope properties.
    /// </summary>
    public static ILoggingBuilder AddFleetConsole(this ILoggingBuilder logging, bool verbose, IConfiguration? configuration = null)
    {
        logging.ClearProviders();
        if (string.Equals(configuration?[LogFormatSetting], "Json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.IncludeScopes = verbose; });
        }
        logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        return logging;
    }

    public static WebApplication MapFleetDefaults(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }

    /// <summary>Starts the process, says where it listens, and runs until Ctrl+C or SIGTERM.</summary>
    public static async Task<int> RunFleetAsync(this WebApplication app, FleetRoles roles, CancellationToken cancellationToken = default)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return StartupCheck.InvalidConfiguration;
        }
        foreach (var url in app.Urls)
        {
            Console.WriteLine(roles.HasFlag(FleetRoles.Api)
                ? $"Fleet ({roles.Describe()}) on {url} (API reference: {url}/scalar, OpenAPI: {url}/openapi/v1.json). Ctrl+C stops."
                : $"Fleet ({roles.Describe()}) health on {url}/health and {url}/health/ready. Ctrl+C stops.");
        }
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
