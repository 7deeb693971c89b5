using Fleet.Infrastructure.Messaging;
using System.Text.Json.Serialization;
using Fleet.Infrastructure.Batches;
using Fleet.Ingest.Api.Batches;
using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Persistence;
using Fleet.Ingest.Api.Access;
using Fleet.Ingest.Api.Callbacks;
using Fleet.Ingest.Api.Dashboard;
using Fleet.Infrastructure.Telemetry;
using Fleet.Ingest.Api.Health;
using Fleet.Ingest.Api.OpenApi;
using Fleet.Ingest.Api.Problems;
using Fleet.Ingest.Api.Recognition;
using Fleet.Ingest.Api.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Fleet.Ingest.Api;

public static class IngestApiRegistration
{
    /// <summary>
    /// Keys and tenants, limits, problem details for every error, strict JSON, the OpenAPI document, the object
    /// store's readiness, and where submissions and batch state are read: PostgreSQL when the sagas live there, else
    /// the orchestrator in this process.
    /// </summary>
    public static IServiceCollection AddIngestApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBatchSubmissions(configuration);
        services.AddSingleton<IApiKeys, ConfiguredApiKeys>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddDashboardCookie();
        services.AddAuthorization();
        services.AddTenantRateLimits();

        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Type = context.ProblemDetails.Type is null or { Length: 0 } || context.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal)
                ? ProblemTypes.ForStatus(context.ProblemDetails.Status)
                : context.ProblemDetails.Type);
        services.AddExceptionHandler<BadRequestHandler>();
        // A body the binder cannot read is an exception for BadRequestHandler to explain, not a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);

        services.AddOpenApi(options => options.AddFleetTransformers());
        services.AddHealthChecks().AddCheck<ObjectStoreHealthCheck>("object-store", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>
    /// What every front door that submits batches needs (the API, the bucket drop): <c>Fleet:Api</c>'s tenants and
    /// limits, the <see cref="BatchSubmitter"/>, where submissions and batch state are read (PostgreSQL when the sagas
    /// live there, else the orchestrator in this process), and the ledger. Once per process, whichever asks first.
    /// </summary>
    public static IServiceCollection AddBatchSubmissions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(BatchSubmitter)))
            return services;
        services.AddOptions<IngestApiOptions>().Bind(configuration.GetSection(IngestApiOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(BatchEndedConsumer.HttpClientName);
        services.AddScoped<BatchSubmitter>();
        services.TryAddSingleton(TimeProvider.System);
        if (DatabaseOptions.From(configuration).Kind == DatabaseKind.Postgres)
        {
            // State every API replica shares, readable while no orchestrator runs.
            services.AddScoped<ISubmissions, PostgresSubmissions>();
            services.AddScoped<IBatchStatusReader, PostgresBatchStatusReader>();
            services.AddDatabaseMigration(PostgresSubmissions.MigrationName, PostgresSubmissions.MigrationSql);
            services.AddDatabaseMigration(PostgresSubmissions.TenantsMigrationName, PostgresSubmissions.TenantsMigrationSql);
        }
        else
        {
            services.AddSingleton<ISubmissions, InMemorySubmissions>();
            services.AddScoped<IBatchStatusReader, SagaBatchStatusReader>();
        }
        services.AddBatchDocuments(configuration);

        // The operators' view: queue depths, pages as they are done, batches in flight (also the in-flight gauges).
        services.AddQueueStats(configuration);
        services.AddSingleton<BatchPulse>();
        services.AddSingleton<FleetOverview>();
        services.AddSingleton<IFlightCounts>(sp => sp.GetRequiredService<FleetOverview>());
        services.AddHostedService(sp => sp.GetRequiredService<FleetOverview>());
        return services;
    }

    /// <summary>This process's own queue of the events the dashboard counts pages from (deleted when the process goes).</summary>
    public static readonly string PulseEndpoint = $"fleet-pulse-{NewId.NextGuid():N}";

    /// <summary>
    /// The api role on the bus: batch ends, for tenants' running counts and completion callbacks; the dashboard's
    /// pulse, on a temporary queue of this process's own, so every api replica hears every page; and the requests of
    /// <c>POST /recognize</c> to the workers' recognition queue.
    /// </summary>
    public static readonly BusRole Bus = new((bus, _) =>
    {
        bus.AddRequestClient<Fleet.Contracts.Recognition.RecognizeDocument>(RecognitionQueue.Address);
        bus.AddConsumer<BatchEndedConsumer>();
        bus.AddConsumer<BatchPulseConsumer>().Endpoint(e => (e.Name, e.Temporary) = (PulseEndpoint, true));
    }, StatelessEndpoints: new HashSet<string>(StringComparer.Ordinal) { PulseEndpoint });

    public static WebApplication MapIngestApi(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<IngestApiOptions>>().Value.Limits;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapScalarApiReference(scalar => scalar.WithTitle(ApiIntroduction.Title));

        RouteGroupBuilder Protected(RouteGroupBuilder group) => group.RequireAuthorization().RequireRateLimiting(TenantRateLimits.Policy);
        Protected(app.MapBatchesApi()).WithMetadata(new RequestSizeLimitAttribute(limits.MaxRequestBodyBytes));
        Protected(app.MapDocumentsApi());
        app.MapUploadsApi(limits.MaxUploadBytes).RequireAuthorization().RequireRateLimiting(TenantRateLimits.Policy);
        app.MapRecognitionApi(limits).RequireAuthorization().RequireRateLimiting(TenantRateLimits.Policy);
        app.MapDashboard();
        return app;
    }
}
