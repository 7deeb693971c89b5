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

        services.AddSingleton(provider => CreateDataSource(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!));
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
    /// The data source, with two defaults for a process that runs the same few statements all day unless the connection
    /// string says otherwise: statements used five times are prepared on each connection (<c>Max Auto Prepare</c>), so the
    /// server parses and plans them once; and a connection going back to the pool is not reset (<c>No Reset On Close</c>),
    /// which saves a round trip per transaction and keeps those prepared statements (Fleet leaves no session state behind:
    /// its locks are transaction-scoped, the migrator unlocks its own). Measured by <c>./fleet bench fleet</c>. Behind a
    /// PgBouncer in transaction mode older than 1.21, put <c>Max Auto Prepare=0</c> in the connection string.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains("MaxAutoPrepare"))
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        if (!given.Contains("NoResetOnClose"))
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder.Build();
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
