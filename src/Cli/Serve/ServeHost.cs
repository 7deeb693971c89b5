using Fleet.Ingest.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Cli.Serve;

/// <summary>The web host of <c>fleet serve</c>: the ingest API in front of every role, embedded in one process.</summary>
public static class ServeHost
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static WebApplication Build(string urls, bool verbose, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddFleetConsole(verbose);

        builder.Services
            .AddEmbeddedRoles(builder.Configuration)
            .AddIngestApi(builder.Configuration);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapIngestApi();
        return app;
    }
}
