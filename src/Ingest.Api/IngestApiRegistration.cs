using Fleet.Infrastructure.Batches;
using Fleet.Ingest.Api.Batches;
using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Persistence;
using Fleet.Ingest.Api.Access;
using Fleet.Ingest.Api.Health;
using Microsoft.Extensions.Configuration;
using Scalar.AspNetCore;

namespace Fleet.Ingest.Api;

public static class IngestApiRegistration
{
    /// <summary>
    /// Problem details for every error, the OpenAPI document, the object store's readiness, and where submissions and
    /// batch state are read: PostgreSQL when the sagas live there, else the orchestrator in this process.
    /// </summary>
    public static IServiceCollection AddIngestApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestApiOptions>().Bind(configuration.GetSection(IngestApiOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IApiKeys, ConfiguredApiKeys>();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<ObjectStoreHealthCheck>("object-store", tags: [HealthEndpoints.ReadyTag]);
        if (DatabaseOptions.From(configuration).Kind == DatabaseKind.Postgres)
        {
            // State every API replica shares, readable while no orchestrator runs.
            services.AddScoped<ISubmissions, PostgresSubmissions>();
            services.AddScoped<IBatchStatusReader, PostgresBatchStatusReader>();
            services.AddDatabaseMigration(PostgresSubmissions.MigrationName, PostgresSubmissions.MigrationSql);
        }
        else
        {
            services.AddSingleton<ISubmissions, InMemorySubmissions>();
            services.AddScoped<IBatchStatusReader, SagaBatchStatusReader>();
        }
        services.AddBatchDocuments(configuration);
        return services;
    }

    public static WebApplication MapIngestApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapBatchesApi();
        app.MapDocumentsApi();
        return app;
    }
}
