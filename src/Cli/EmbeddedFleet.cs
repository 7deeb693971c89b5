using Fleet.Cli.Run;
using Fleet.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Cli;

/// <summary>
/// <c>fleet run</c>: every role in one process on the in-memory bus, with in-memory sagas and local folders as
/// buckets, whatever the environment says about a fleet (a folder in, a folder out, no servers).
/// </summary>
public static class EmbeddedFleet
{
    /// <summary>The embedded settings, laid over the environment's so an exported fleet configuration does not leak in.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Fleet:Bus:Transport"] = "InMemory",
        ["Fleet:Database:Kind"] = "InMemory",
        ["Fleet:Storage:Kind"] = "Local",
    };

    /// <summary>The generic host of <c>fleet run</c>: every role plus the console's progress tracking.</summary>
    public static IHost Build(bool verbose, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Logging.AddFleetConsole(verbose, builder.Configuration);
        // Every log line goes to stderr so stdout stays the run's own output.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services
            .AddSingleton<RunTracker>()
            .AddSingleton<BatchRunner>()
            .AddFleetRoles(builder.Configuration, FleetRoles.All, bus => bus.AddConsumer<RunProgressConsumer>());
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
