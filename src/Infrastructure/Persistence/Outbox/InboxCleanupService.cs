using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Infrastructure.Persistence.Outbox;

/// <summary>
/// Removes inbox rows older than the duplicate-detection window whose outbox was delivered, and outbox rows already
/// delivered. Rows of a message consumed but not yet delivered stay: its redelivery still sends them.
/// </summary>
public sealed class InboxCleanupService(NpgsqlDataSource dataSource, IOptions<DatabaseOptions> options, ILogger<InboxCleanupService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await CleanAsync(dataSource, options.Value.DuplicateDetectionWindow, stoppingToken);
                if (removed > 0)
                    logger.LogDebug("Inbox/outbox cleanup removed {Rows} rows", removed);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(exception, "Inbox/outbox cleanup failed; it runs again in {Interval}", options.Value.CleanupInterval);
            }
        }
    }

    /// <summary>One cleanup round; only one replica at a time does it. Returns the number of rows removed.</summary>
    public static async Task<int> CleanAsync(NpgsqlDataSource dataSource, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            with turn as (select pg_try_advisory_xact_lock(5074542366556376142) as mine),
            outbox as (
                delete from fleet.outbox_messages o
                using fleet.inbox_state i, turn
                where turn.mine and o.inbox_message_id = i.message_id and o.inbox_consumer_id = i.consumer_id
                  and i.delivered is not null
                returning 1),
            inbox as (
                delete from fleet.inbox_state i
                using turn
                where turn.mine and i.delivered is not null and i.delivered < now() - @window
                returning 1)
            select (select count(*) from outbox) + (select count(*) from inbox)
            """, connection, transaction);
        command.Parameters.AddWithValue("window", window);
        var removed = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }
}
