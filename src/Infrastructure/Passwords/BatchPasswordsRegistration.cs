using Fleet.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Infrastructure.Passwords;

public static class BatchPasswordsRegistration
{
    /// <summary>
    /// The batch password store for <c>Fleet:Database:Kind</c>: in memory (embedded) or PostgreSQL, with its table's
    /// migration. Every role needs it (the front doors save, workers read, the orchestrator forgets).
    /// </summary>
    public static IServiceCollection AddBatchPasswords(this IServiceCollection services, IConfiguration configuration)
    {
        if (DatabaseOptions.From(configuration).Kind != DatabaseKind.Postgres)
        {
            services.TryAddSingleton<IBatchPasswords, InMemoryBatchPasswords>();
            return services;
        }
        services.TryAddSingleton<IBatchPasswords, PostgresBatchPasswords>();
        if (!services.Any(d => d.ImplementationInstance is Persistence.Migrations.DatabaseMigration { Name: PostgresBatchPasswords.MigrationName }))
            services.AddDatabaseMigration(PostgresBatchPasswords.MigrationName, PostgresBatchPasswords.MigrationSql);
        return services;
    }
}
