using Fleet.Infrastructure.Persistence.Migrations;
using Fleet.Infrastructure.Persistence.Outbox;
using MassTransit.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Infrastructure.Persistence;

public static class DatabaseRegistration
{
    /// <summary>
    /// <c>Fleet:Database</c>, validated at start-up. With Kind=Postgres: one <see cref="NpgsqlDataSource"/>, a scoped
    /// <see cref="IDbSession"/>, the PostgreSQL inbox/outbox, the schema migrated before any other hosted service starts
    /// (the bus included), and the periodic inbox/outbox cleanup. With Kind=InMemory only the options.
    /// </summary>
    public static IServiceCollection AddFleetDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        if (DatabaseOptions.From(configuration).Kind != DatabaseKind.Postgres || services.Any(d => d.ServiceType == typeof(NpgsqlDataSource)))
            return services;

        services.AddSingleton(provider => NpgsqlDataSource.Create(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!));
        services.TryAddScoped<PostgresDbSession>();
        services.TryAddScoped<IDbSession>(provider => provider.GetRequiredService<PostgresDbSession>());
        services.TryAddScoped<IOutboxContextFactory<IDbSession>, PostgresOutboxContextFactory>();
        services.AddDatabaseMigration(FleetSchema.Core.Name, FleetSchema.Core.Sql);
        // First of all hosted services, so even a starter that skips the Starting phase migrates before the bus starts.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SchemaMigrationService>());
        services.AddHostedService<InboxCleanupService>();
        return services;
    }

    /// <summary>
    /// A schema change applied at start-up (see <see cref="DatabaseMigration"/>): once per database, in ordinal
    /// order of <paramref name="name"/> among all registered migrations.
    /// </summary>
    public static IServiceCollection AddDatabaseMigration(this IServiceCollection services, string name, string sql)
    {
        services.AddSingleton(new DatabaseMigration(name, sql));
        return services;
    }
}
