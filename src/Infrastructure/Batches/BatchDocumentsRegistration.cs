using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Fleet.Infrastructure.Persistence;

namespace Fleet.Infrastructure.Batches;

public static class BatchDocumentsRegistration
{
    public const string DatabaseKindKey = "Fleet:Database:Kind";

    /// <summary>
    /// The batch document ledger for <c>Fleet:Database:Kind</c>: InMemory (the default, one singleton per process) or
    /// Postgres (scoped, on the unit of work's <see cref="Persistence.IDbSession"/>, which the database's own
    /// registration provides). Safe to call from several roles of one process.
    /// </summary>
    public static IServiceCollection AddBatchDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        var kind = configuration[DatabaseKindKey];
        if (string.IsNullOrEmpty(kind) || kind.Equals("InMemory", StringComparison.OrdinalIgnoreCase))
            services.TryAddSingleton<IBatchDocuments, InMemoryBatchDocuments>();
        else if (kind.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            services.TryAddScoped<IBatchDocuments, PostgresBatchDocuments>();
            if (!services.Any(d => d.ImplementationInstance is Persistence.Migrations.DatabaseMigration { Name: BatchDocumentsSchema.MigrationName }))
                services.AddDatabaseMigration(BatchDocumentsSchema.MigrationName, BatchDocumentsSchema.Sql);
        }
        else
            throw new InvalidOperationException($"{DatabaseKindKey} is '{kind}'; it is InMemory or Postgres.");
        return services;
    }
}
