using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fleet.Infrastructure.Persistence.Migrations;

/// <summary>
/// Migrates the schema in the host's Starting phase, which completes before any hosted service's StartAsync (so
/// before MassTransit's starts the bus and a message can reach a saga table that does not exist yet). A starter that
/// calls only StartAsync (a test harness) still migrates first: the service is registered ahead of the others.
/// </summary>
public sealed class SchemaMigrationService(NpgsqlDataSource dataSource, IEnumerable<DatabaseMigration> migrations, ILogger<SchemaMigrationService> logger)
    : IHostedLifecycleService
{
    Task? _migration;

    public Task StartingAsync(CancellationToken cancellationToken) => _migration ??= MigrateAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => _migration ??= MigrateAsync(cancellationToken);

    async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var applied = await FleetSchema.MigrateAsync(dataSource, migrations, cancellationToken);
        if (applied.Count > 0)
            logger.LogInformation("Database migrations applied: {Migrations}", string.Join(", ", applied));
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
