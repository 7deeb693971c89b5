using Microsoft.Extensions.Configuration;
using Fleet.Infrastructure.Hosting;
using Fleet.Ingest.Api;
using Fleet.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Cli.Serve;

/// <summary>
/// The web host of <c>fleet serve</c>: the roles asked for (all by default), each answering <c>/health</c> and
/// <c>/health/ready</c>; the api role adds the batch API.
/// </summary>
public static class ServeHost
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Without the api role a process serves only its health endpoints, on a free port unless told otherwise.</summary>
    public const string HealthOnlyUrls = "http://127.0.0.1:0";

    /// <param name="settings">Settings on top of the process's own (tests: keys, tenants, limits).</param>
    public static WebApplication Build(string? urls, bool verbose, FleetRoles roles = FleetRoles.All, Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null) =>
        MapEndpoints(Create(urls, verbose, roles, configure, settings), roles);

    /// <summary>The host with its services but no endpoints yet: mapping them builds the bus, which settings must pass first.</summary>
    public static WebApplication Create(string? urls, bool verbose, FleetRoles roles, Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(UrlsFor(urls, roles));
        builder.Logging.AddFleetConsole(verbose, builder.Configuration);

        builder.Services.AddFleetRoles(builder.Configuration, roles);
        if (roles.HasFlag(FleetRoles.Worker))
            builder.Services.AddWorkerReadiness().AddGracefulWorkerShutdown(builder.Configuration);
        configure?.Invoke(builder.Services);

        return builder.Build();
    }

    public static string UrlsFor(string? urls, FleetRoles roles) => urls ?? (roles.HasFlag(FleetRoles.Api) ? DefaultUrls : HealthOnlyUrls);

    public static WebApplication MapEndpoints(WebApplication app, FleetRoles roles)
    {
        app.MapFleetDefaults();
        if (roles.HasFlag(FleetRoles.Api))
            app.MapIngestApi();
        return app;
    }
}
